import {
  LlamaCompletion,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  type Token,
} from "node-llama-cpp";
import { LlmError } from "../errors";
import type { ModelDefinition } from "../models/model-definition";
import { type FormattedPrompt, formatPrompt } from "../prompt-formats/prompt-formats";
import type { GenerationRequest, GenerationResult } from "./engine-types";
import { SlotPool } from "./slot-pool";

/**
 * A model in memory with one context of N parallel sequences. Each generation takes a free
 * sequence (waiting in line when all are busy), so N users are served at once from one copy of
 * the weights; a sequence keeps its tokens, so a prompt that repeats the last one's beginning
 * reuses that part of the KV cache.
 */
export class LoadedModel {
  readonly #model: LlamaModel;
  readonly #context: LlamaContext;
  readonly #sequences: SlotPool<LlamaContextSequence>;

  constructor(model: LlamaModel, context: LlamaContext, sequences: LlamaContextSequence[]) {
    this.#model = model;
    this.#context = context;
    this.#sequences = new SlotPool(sequences);
  }

  /** Tokens one sequence holds (prompt and answer together). */
  get contextSize(): number {
    return this.#context.contextSize;
  }

  /** Requests waiting for a free sequence. */
  get queueLength(): number {
    return this.#sequences.queueLength;
  }

  /** Tokenizes the prompt: the model's markup with its special tokens, user text as plain text. */
  tokenize(prompt: FormattedPrompt): Token[] {
    const tokens: Token[] = [];
    prompt.parts.forEach((part, index) => {
      const isFirst = index === 0;
      const trim =
        isFirst && this.#model.tokens.shouldPrependBosToken ? "trimLeadingSpace" : undefined;
      tokens.push(...this.#model.tokenize(part.text, part.kind === "template", trim));
    });
    return tokens;
  }

  /** Runs one generation; see {@link GenerationRequest}. */
  async generate(
    definition: ModelDefinition,
    request: GenerationRequest,
    startedAt: number,
  ): Promise<GenerationResult> {
    const prompt = formatPrompt(definition.promptFormat, request.conversation);
    const promptTokens = this.tokenize(prompt);
    const promptTokenCount =
      promptTokens.length + (this.#model.tokens.shouldPrependBosToken ? 1 : 0);
    if (promptTokenCount >= this.contextSize) {
      throw new LlmError(
        "prompt-too-long",
        `The prompt is ${promptTokenCount} tokens; this model's context holds ${this.contextSize}, answer included.`,
      );
    }

    let text = "";
    let completionTokens = 0;
    let timeToFirstTokenMs: number | null = null;
    const result = (finishReason: GenerationResult["finishReason"]): GenerationResult => ({
      text,
      promptTokens: promptTokenCount,
      completionTokens,
      durationMs: performance.now() - startedAt,
      timeToFirstTokenMs,
      finishReason,
    });

    let sequence: LlamaContextSequence;
    try {
      sequence = await this.#sequences.take(request.signal, request.onQueuePosition);
    } catch (error) {
      if (request.signal.aborted) return result("aborted");
      throw error;
    }

    const completion = new LlamaCompletion({ contextSequence: sequence });
    try {
      const { metadata } = await completion.generateCompletionWithMeta(promptTokens, {
        maxTokens: request.maxTokens,
        temperature: request.temperature ?? definition.defaultSampling.temperature,
        topP: request.topP ?? definition.defaultSampling.topP,
        // Code repeats tokens on purpose (indentation, brackets); a repeat penalty would fight it.
        repeatPenalty: false,
        customStopTriggers: [...prompt.stopSequences, ...(request.stopSequences ?? [])],
        // An answer ends when the window is full instead of silently forgetting the prompt.
        disableContextShift: true,
        signal: request.signal,
        stopOnAbortSignal: true,
        onToken: (tokens) => {
          completionTokens += tokens.length;
        },
        onTextChunk: (chunk) => {
          if (chunk === "") return;
          timeToFirstTokenMs ??= performance.now() - startedAt;
          text += chunk;
          request.onTextDelta?.(chunk);
        },
      });
      switch (metadata.stopReason) {
        case "abort":
          return result("aborted");
        case "maxTokens":
          return result("max-tokens");
        case "eogToken":
        case "stopGenerationTrigger":
        case "customStopTrigger":
          return result("stop");
      }
    } catch (error) {
      if (request.signal.aborted) return result("aborted");
      throw new LlmError(
        "generation-failed",
        `The model failed while generating: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    } finally {
      completion.dispose({ disposeSequence: false });
      this.#sequences.release(sequence);
    }
  }

  /** Frees the context and the weights. */
  async dispose(): Promise<void> {
    await this.#context.dispose();
    await this.#model.dispose();
  }
}
