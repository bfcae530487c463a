import type { TFinishReason } from "@codegenie/shared";
import {
  LlamaCompletion,
  type LlamaCompletionResponse,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  type Token,
} from "node-llama-cpp";
import { LlmError } from "../errors";
import type { ModelDefinition } from "../models/model-definition";
import { type FormattedPrompt, formatPrompt } from "../prompt-formats/prompt-formats";
import { DecodeGate } from "./decode-gate";
import type { GenerationRequest, GenerationResult } from "./engine-types";
import { SlotPool } from "./slot-pool";

/** How a loaded model schedules its generations. */
export interface SchedulingOptions {
  /** Most requests that wait for a sequence; more are refused with LlmError `busy`. */
  queueDepth: number;
  /** Longest a generation runs once it has a sequence, in ms; then it ends with `timeout`. */
  timeoutMs?: number | undefined;
}

/**
 * A model in memory with one context of N parallel sequences. Each generation takes a free
 * sequence (waiting in a bounded, fair queue when all are busy), so N users are served at once
 * from one copy of the weights, their tokens decoded in one batch per step (see DecodeGate); a
 * sequence keeps its tokens, so a prompt that repeats the last one's beginning reuses that part
 * of the KV cache.
 */
export class LoadedModel {
  readonly #model: LlamaModel;
  readonly #context: LlamaContext;
  readonly #sequences: SlotPool<LlamaContextSequence>;
  readonly #gate: DecodeGate;
  readonly #timeoutMs: number | undefined;

  constructor(
    model: LlamaModel,
    context: LlamaContext,
    sequences: LlamaContextSequence[],
    scheduling: SchedulingOptions,
  ) {
    this.#model = model;
    this.#context = context;
    this.#sequences = new SlotPool(sequences, scheduling.queueDepth);
    this.#gate = new DecodeGate(context, sequences);
    this.#timeoutMs = scheduling.timeoutMs;
  }

  /** Whether parallel sequences decode in one batch per step (see DecodeGate). */
  get isBatchingGated(): boolean {
    return this.#gate.isInstalled;
  }

  /** Decode steps so far and the sequences' decodes in them (their ratio: mean batch width). */
  get batchingStats(): { steps: number; decodes: number } {
    return { ...this.#gate.stats };
  }

  /** Throws LlmError `busy` (with a Retry-After) when a request made now would be refused. */
  checkCapacity(): void {
    if (this.#sequences.isFull) throw this.#sequences.busyError();
  }

  /** Tokens one sequence holds (prompt and answer together). */
  get contextSize(): number {
    return this.#context.contextSize;
  }

  /** Requests waiting for a free sequence. */
  get queueLength(): number {
    return this.#sequences.queueLength;
  }

  /** Generations running now. */
  get runningCount(): number {
    return this.#sequences.busyCount;
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
      sequence = await this.#sequences.take(request.signal, {
        userId: request.userId,
        onQueuePosition: request.onQueuePosition,
      });
    } catch (error) {
      if (request.signal.aborted) return result("aborted");
      throw error;
    }

    const timeout = this.#timeoutMs === undefined ? undefined : new AbortController();
    const timer =
      timeout && setTimeout(() => timeout.abort(new Error("timeout")), this.#timeoutMs).unref();
    const signal = timeout ? AbortSignal.any([request.signal, timeout.signal]) : request.signal;
    const completion = new LlamaCompletion({ contextSequence: sequence });
    this.#gate.enter();
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
        signal,
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
      return result(finishReasonOf(metadata.stopReason, request.signal.aborted));
    } catch (error) {
      if (request.signal.aborted) return result("aborted");
      if (timeout?.signal.aborted) return result("timeout");
      throw new LlmError(
        "generation-failed",
        `The model failed while generating: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    } finally {
      clearTimeout(timer);
      this.#gate.leave();
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

/** The finish reason of a completion; an abort the client did not ask for is the timeout. */
function finishReasonOf(
  stopReason: LlamaCompletionResponse["metadata"]["stopReason"],
  isAbortedByClient: boolean,
): TFinishReason {
  switch (stopReason) {
    case "abort":
      return isAbortedByClient ? "aborted" : "timeout";
    case "maxTokens":
      return "max-tokens";
    case "eogToken":
    case "stopGenerationTrigger":
    case "customStopTrigger":
      return "stop";
  }
}
