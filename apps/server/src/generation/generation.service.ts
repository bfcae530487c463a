import {
  type Conversation,
  type GenerationResult,
  LlmError,
  type ModelDefinition,
  type ModelManager,
} from "@codegenie/llm";
import type { TGenerateRequest, TGenerateResponse } from "@codegenie/shared";
import type { FastifyBaseLogger } from "fastify";
import type { AppConfig } from "../config/config";
import { AppError } from "../errors";
import type { ModelsService } from "../models/models.service";
import type { GenerationRepository } from "./generation.repository";

/** A request that passed every check and can run. */
export interface PlannedGeneration {
  model: ModelDefinition;
  request: TGenerateRequest;
  maxTokens: number;
}

/** Callbacks of a running generation. */
export interface RunOptions {
  /** Who asked. */
  userId: string;
  /** Aborting stops the engine; the partial answer is kept and recorded. */
  signal: AbortSignal;
  /** Called once the history row exists, before any text. */
  onStart?: (id: string) => void;
  /** Called with each piece of text as the model produces it. */
  onTextDelta?: (text: string) => void;
  /** Called while the request waits for the model, with its 1-based place in the queue. */
  onQueuePosition?: (position: number) => void;
}

/** Settings of a conversation run (OpenAI's chat completions); limits apply as for `run`. */
export interface ConversationSettings {
  /** Most tokens to generate; capped at GENERATION_MAX_TOKENS like any request. */
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  topP?: number | undefined;
  /** More strings that end the answer. */
  stopSequences?: string[] | undefined;
}

/** What the engine is asked, and what the history row records as the prompt. */
interface EngineInput {
  conversation: Conversation;
  recordedPrompt: string;
  stopSequences?: string[] | undefined;
}

interface Dependencies {
  models: ModelsService;
  engine: ModelManager;
  repository: GenerationRepository;
  limits: AppConfig["generation"];
  logger: FastifyBaseLogger;
}

/** Runs generation requests: checks limits, builds the prompt, streams, records the outcome. */
export class GenerationService {
  readonly #deps: Dependencies;
  readonly #running = new Set<AbortController>();

  constructor(deps: Dependencies) {
    this.#deps = deps;
  }

  /**
   * Checks a request against the limits and the models. Throws 413, 404, 422 (the model's file
   * is not a GGUF model) or 503 AppErrors; a missing hf model's download starts here (unless
   * CODEGENIE_AUTO_DOWNLOAD=false) and the request is answered 503 model.downloading with its
   * progress, or with the error of its failed download.
   */
  plan(request: TGenerateRequest): PlannedGeneration {
    const { maxPromptChars, maxTokens, defaultMaxTokens } = this.#deps.limits;
    if (request.prompt.length > maxPromptChars) {
      throw new AppError(
        "generation.prompt_too_large",
        `The prompt has ${request.prompt.length} characters; the limit is ${maxPromptChars}.`,
        { limit: maxPromptChars, actual: request.prompt.length },
      );
    }
    const model = this.#deps.models.requireAvailable(request.model);
    // Answer 429 now, before a stream is opened, when the model's queue is already full.
    try {
      this.#deps.engine.checkCapacity(model);
    } catch (error) {
      throw toGenerationError(error);
    }
    return {
      model,
      request,
      maxTokens: Math.min(request.maxTokens ?? defaultMaxTokens, maxTokens),
    };
  }

  /**
   * Opens the history row, runs the model and closes the row with whatever came back. Aborting
   * is not an error: it resolves with the partial text. Engine failures are recorded, then
   * thrown as AppErrors.
   */
  async run(planned: PlannedGeneration, options: RunOptions): Promise<TGenerateResponse> {
    const { prompt } = planned.request;
    const conversation = { messages: [{ role: "user" as const, content: prompt }] };
    return this.#execute(planned, { conversation, recordedPrompt: prompt }, options);
  }

  /**
   * Runs a whole conversation (system instruction and earlier turns; the last message is the
   * user's) through the same checks, engine path and history as `run`. The prompt-size limit
   * counts every message; the history row records the last user message as the prompt.
   */
  async runConversation(
    modelId: string,
    conversation: Conversation,
    settings: ConversationSettings,
    options: RunOptions,
  ): Promise<TGenerateResponse> {
    const texts = [
      conversation.system ?? "",
      ...conversation.messages.map((message) => message.content),
    ];
    const planned = this.plan({
      model: modelId,
      prompt: texts.filter((text) => text !== "").join("\n\n"),
      maxTokens: settings.maxTokens,
      temperature: settings.temperature,
      topP: settings.topP,
    });
    const recordedPrompt = conversation.messages.at(-1)?.content ?? "";
    const { stopSequences } = settings;
    return this.#execute(planned, { conversation, recordedPrompt, stopSequences }, options);
  }

  async #execute(
    planned: PlannedGeneration,
    input: EngineInput,
    options: RunOptions,
  ): Promise<TGenerateResponse> {
    const { model, request, maxTokens } = planned;
    const { repository, engine, logger } = this.#deps;
    const id = await repository.open({
      userId: options.userId,
      modelId: model.id,
      prompt: input.recordedPrompt,
      maxTokens,
      temperature: request.temperature,
      topP: request.topP,
    });
    options.onStart?.(id);

    const controller = new AbortController();
    const abort = () => controller.abort();
    options.signal.addEventListener("abort", abort, { once: true });
    if (options.signal.aborted) abort();
    this.#running.add(controller);

    let partialText = "";
    try {
      const result: GenerationResult = await engine.generate(model, {
        conversation: input.conversation,
        stopSequences: input.stopSequences,
        userId: options.userId,
        maxTokens,
        temperature: request.temperature,
        topP: request.topP,
        signal: controller.signal,
        onQueuePosition: options.onQueuePosition,
        onTextDelta: (text) => {
          partialText += text;
          options.onTextDelta?.(text);
        },
      });
      await repository.close(id, {
        status: result.finishReason === "aborted" ? "cancelled" : "completed",
        responseText: result.text,
        finishReason: result.finishReason,
        errorCode: null,
        promptTokens: result.promptTokens,
        completionTokens: result.completionTokens,
        durationMs: result.durationMs,
        timeToFirstTokenMs: result.timeToFirstTokenMs,
      });
      return { id, model: model.id, ...result };
    } catch (error) {
      const appError = toGenerationError(error);
      logger.error({ err: error, generationId: id, model: model.id }, "generation failed");
      await repository.close(id, {
        status: "failed",
        responseText: partialText,
        finishReason: null,
        errorCode: appError.code,
        promptTokens: null,
        completionTokens: null,
        durationMs: null,
        timeToFirstTokenMs: null,
      });
      throw appError;
    } finally {
      this.#running.delete(controller);
      options.signal.removeEventListener("abort", abort);
    }
  }

  /** How many generations are running now. */
  get runningCount(): number {
    return this.#running.size;
  }

  /** Stops every running generation (shutdown); each records its partial answer. */
  abortAll(): void {
    for (const controller of this.#running) controller.abort();
  }
}

function toGenerationError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof LlmError)) return new AppError("generation.failed");
  switch (error.kind) {
    case "model-file-missing":
    case "model-load-failed":
    case "model-too-large":
      return new AppError("model.unavailable", error.message);
    case "busy":
      return new AppError("model.busy", error.message).withRetryAfter(error.retryAfterSeconds ?? 1);
    case "prompt-too-long":
      return new AppError("generation.prompt_too_large", error.message);
    case "generation-failed":
      return new AppError("generation.failed", error.message);
    case "remote-failed":
      return new AppError("model.remote_failed", error.message, error.details);
    case "invalid-file":
      return new AppError("model.invalid_file", error.message);
    case "download-unauthorized":
      return new AppError("model.download_unauthorized", error.message);
    case "download-failed":
      return new AppError("model.download_failed", error.message);
  }
}
