import {
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

  /** Checks a request against the limits and the models. Throws 413, 404 or 503 AppErrors. */
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
    const { model, request, maxTokens } = planned;
    const { repository, engine, logger } = this.#deps;
    const id = await repository.open({
      userId: options.userId,
      modelId: model.id,
      prompt: request.prompt,
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
        conversation: { messages: [{ role: "user", content: request.prompt }] },
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
        status: result.finishReason === "aborted" ? "aborted" : "completed",
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
      return new AppError("model.unavailable", error.message);
    case "prompt-too-long":
      return new AppError("generation.prompt_too_large", error.message);
    case "generation-failed":
      return new AppError("generation.failed", error.message);
  }
}
