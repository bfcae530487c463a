import type { Conversation, GenerationResult, ModelDefinition, ModelManager } from "@codegenie/llm";
import type {
  TExplainStyle,
  TGenerateRequest,
  TGenerateResponse,
  TGenerationParameters,
  TGenerationStart,
  TLanguage,
  TQueryKind,
} from "@codegenie/shared";
import type { FastifyBaseLogger } from "fastify";
import type { AppConfig } from "../config/config";
import { AppError } from "../errors";
import type { ModelsService } from "../models/models.service";
import { conversationTitle } from "./conversation-title";
import { generateInstruction, withProjectContext } from "./generate-instructions";
import type { ConversationTarget, GenerationRepository } from "./generation.repository";
import { toGenerationError } from "./generation-errors";
import {
  estimatePromptTokens,
  fitToWindow,
  type MeasurePrompt,
  type WindowFit,
  type WindowRequest,
} from "./prompt-window";

/** A request that passed every check and can run. */
export interface PlannedGeneration {
  model: ModelDefinition;
  kind: TQueryKind;
  /** What the engine is asked (system part, earlier turns kept, the current message). */
  conversation: Conversation;
  /** What the history row records as the prompt: the user's prompt or code, as sent. */
  recordedPrompt: string;
  /** null = auto. */
  language: TLanguage | null;
  style: TExplainStyle | null;
  /** What runs, after defaults, clamping and the room left in the context window. */
  parameters: TGenerationParameters;
  /** Where a generate turn goes; null for explain and OpenAI API requests. */
  target: ConversationTarget | null;
  /** More strings that end the answer (OpenAI's `stop`). */
  stopSequences?: string[] | undefined;
}

/** The signed-in user a request is planned for. */
export interface Caller {
  id: string;
  /** Custom instructions that go into the system part of every prompt ('' = none). */
  projectContext: string;
}

/** Callbacks of a running generation. */
export interface RunOptions {
  /** Who asked. */
  userId: string;
  /** Aborting stops the engine; the partial answer is kept and recorded. */
  signal: AbortSignal;
  /** Called once the history row exists, before any text. */
  onStart?: (start: TGenerationStart) => void;
  /** Called with each piece of text as the model produces it. */
  onTextDelta?: (text: string) => void;
  /** Called while the request waits for the model, with its 1-based place in the queue. */
  onQueuePosition?: (position: number) => void;
}

/** Settings of a conversation run (OpenAI's chat completions); limits apply as for `run`. */
export interface ConversationSettings extends SamplingRequest {
  /** More strings that end the answer. */
  stopSequences?: string[] | undefined;
}

/** The sampling settings a request may set (see ZSamplingRequest). */
type SamplingRequest = Pick<TGenerateRequest, "maxTokens" | "temperature" | "topP">;

interface Dependencies {
  models: ModelsService;
  engine: ModelManager;
  repository: GenerationRepository;
  limits: AppConfig["generation"];
  logger: FastifyBaseLogger;
  /**
   * Called with the row's id once a completed or cancelled answer is saved (the code checks
   * queue it); must return at once — it never delays or fails the request.
   */
  onAnswerSaved?: (generationId: string) => void;
  /** Called with each result the engine returns, before it is saved (metrics); must not throw. */
  onGenerated?: (model: ModelDefinition, result: GenerationResult) => void;
}

/**
 * Runs generate and explain requests: checks limits, builds and fits the prompt, streams, records
 * the outcome. Planning (which can refuse with an HTTP status) is separate from running, so a
 * route can answer an error before it opens a stream.
 */
export class GenerationService {
  readonly #deps: Dependencies;
  readonly #running = new Set<AbortController>();

  constructor(deps: Dependencies) {
    this.#deps = deps;
  }

  /** The limits generate and explain are checked against. */
  get limits(): AppConfig["generation"] {
    return this.#deps.limits;
  }

  /**
   * The model (404, 422, 503 and downloads as `ModelsService.requireAvailable`; 429 when its queue
   * is full) and the sampling it will run with: the model's defaults for what the request leaves
   * out, maxTokens capped at GENERATION_MAX_TOKENS.
   */
  prepare(
    modelId: string,
    sampling: SamplingRequest,
  ): { model: ModelDefinition; parameters: TGenerationParameters } {
    const model = this.#deps.models.requireAvailable(modelId);
    // Answer 429 now, before a stream is opened, when the model's queue is already full.
    try {
      this.#deps.engine.checkCapacity(model);
    } catch (error) {
      throw toGenerationError(error);
    }
    const { maxTokens, defaultMaxTokens } = this.#deps.limits;
    return {
      model,
      parameters: {
        maxTokens: Math.min(sampling.maxTokens ?? defaultMaxTokens, maxTokens),
        temperature: sampling.temperature ?? model.defaultSampling.temperature,
        topP: sampling.topP ?? model.defaultSampling.topP,
      },
    };
  }

  /**
   * Fits a prompt into the model's context window (see `fitToWindow`), counting tokens with the
   * model's own tokenizer (loading it when needed) or, for remote models, an estimate.
   */
  async fit(
    model: ModelDefinition,
    request: Omit<WindowRequest, "minAnswerTokens">,
  ): Promise<WindowFit> {
    const { engine, limits } = this.#deps;
    const measure: MeasurePrompt =
      model.source.kind === "openai"
        ? async (conversation) => ({
            promptTokens: estimatePromptTokens(conversation),
            contextSize: model.contextSize,
          })
        : (conversation) => engine.measurePrompt(model, conversation);
    try {
      return await fitToWindow({ ...request, minAnswerTokens: limits.minAnswerTokens }, measure);
    } catch (error) {
      throw toGenerationError(error);
    }
  }

  /**
   * Plans a generate request: the language's instruction and the caller's project context as the
   * system part; with `conversationId` (404 unless it is the caller's) its earlier turns, the
   * oldest dropped first when the window is short; without, a new conversation titled after the
   * prompt. 413 when the prompt is over GENERATION_MAX_PROMPT_CHARS or does not fit the window.
   */
  async planGenerate(caller: Caller, request: TGenerateRequest): Promise<PlannedGeneration> {
    this.#checkPromptChars(request.prompt);
    const { repository } = this.#deps;
    const { conversationId } = request;
    if (conversationId !== undefined) {
      if (!(await repository.hasConversation(conversationId, caller.id))) {
        throw new AppError("conversation.not_found");
      }
    }
    const { model, parameters } = this.prepare(request.model, request);
    const language = request.language ?? "auto";
    const fit = await this.fit(model, {
      system: withProjectContext(generateInstruction(language), caller.projectContext),
      earlierTurns: conversationId ? await repository.earlierTurns(conversationId) : [],
      prompt: request.prompt,
      maxTokens: parameters.maxTokens,
    });
    if (!fit.fits) {
      throw new AppError(
        "generation.prompt_too_large",
        `The prompt takes ${fit.promptTokens} tokens with its instructions; "${model.id}" has room for ${fit.limit} besides its answer.`,
        { limit: fit.limit, actual: fit.promptTokens, unit: "tokens" },
      );
    }
    return {
      model,
      kind: "generate",
      conversation: fit.conversation,
      recordedPrompt: request.prompt,
      language: language === "auto" ? null : language,
      style: null,
      parameters: { ...parameters, maxTokens: fit.maxTokens },
      target: conversationId ? { conversationId } : { newTitle: conversationTitle(request.prompt) },
    };
  }

  /** Runs a planned request: opens its history row, streams, closes the row. See `#execute`. */
  run(planned: PlannedGeneration, options: RunOptions): Promise<TGenerateResponse> {
    return this.#execute(planned, options);
  }

  /**
   * Runs a whole conversation (OpenAI's chat completions: the client's system instruction and
   * earlier turns; the last message is the user's) through the same checks, engine path and
   * history as `run`, as a generate row outside any conversation. The prompt-size limit counts
   * every message; the history row records the last user message as the prompt.
   */
  async runConversation(
    modelId: string,
    conversation: Conversation,
    settings: ConversationSettings,
    options: RunOptions,
  ): Promise<TGenerateResponse> {
    const texts = [conversation.system ?? "", ...conversation.messages.map((m) => m.content)];
    this.#checkPromptChars(texts.filter((text) => text !== "").join("\n\n"));
    const { model, parameters } = this.prepare(modelId, settings);
    const planned: PlannedGeneration = {
      model,
      kind: "generate",
      conversation,
      recordedPrompt: conversation.messages.at(-1)?.content ?? "",
      language: null,
      style: null,
      parameters,
      target: null,
      stopSequences: settings.stopSequences,
    };
    return this.#execute(planned, options);
  }

  /**
   * The one execution path of generate, explain and chat completions: opens the history row (and
   * the conversation's turn), runs the model and closes the row with whatever came back. Aborting
   * is not an error: it resolves with the partial text, recorded as `cancelled`. Engine failures
   * are recorded as `failed` with their code and reason, then thrown as AppErrors.
   */
  async #execute(planned: PlannedGeneration, options: RunOptions): Promise<TGenerateResponse> {
    const { model, parameters } = planned;
    const { repository, engine, logger } = this.#deps;
    const { id, conversationId } = await repository.open({
      userId: options.userId,
      kind: planned.kind,
      conversation: planned.target,
      modelId: model.id,
      language: planned.language,
      style: planned.style,
      prompt: planned.recordedPrompt,
      ...parameters,
    });
    const start: TGenerationStart = {
      id,
      kind: planned.kind,
      model: model.id,
      conversationId,
      parameters,
    };
    options.onStart?.(start);

    const controller = new AbortController();
    const abort = () => controller.abort();
    options.signal.addEventListener("abort", abort, { once: true });
    if (options.signal.aborted) abort();
    this.#running.add(controller);

    let partialText = "";
    try {
      const result: GenerationResult = await engine.generate(model, {
        conversation: planned.conversation,
        stopSequences: planned.stopSequences,
        userId: options.userId,
        ...parameters,
        signal: controller.signal,
        onQueuePosition: options.onQueuePosition,
        onTextDelta: (text) => {
          partialText += text;
          options.onTextDelta?.(text);
        },
      });
      this.#deps.onGenerated?.(model, result);
      await repository.close(id, {
        status: result.finishReason === "aborted" ? "cancelled" : "completed",
        responseText: result.text,
        finishReason: result.finishReason,
        errorCode: null,
        errorMessage: null,
        promptTokens: result.promptTokens,
        completionTokens: result.completionTokens,
        durationMs: result.durationMs,
        timeToFirstTokenMs: result.timeToFirstTokenMs,
      });
      this.#answerSaved(id);
      return { ...start, ...result };
    } catch (error) {
      const appError = toGenerationError(error);
      logger.error({ err: error, generationId: id, model: model.id }, "generation failed");
      await repository.close(id, {
        status: "failed",
        responseText: partialText,
        finishReason: null,
        errorCode: appError.code,
        errorMessage: appError.message,
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

  #answerSaved(generationId: string): void {
    try {
      this.#deps.onAnswerSaved?.(generationId);
    } catch (error) {
      this.#deps.logger.error({ err: error, generationId }, "after-save hook failed");
    }
  }

  #checkPromptChars(prompt: string): void {
    const { maxPromptChars } = this.#deps.limits;
    if (prompt.length <= maxPromptChars) return;
    throw new AppError(
      "generation.prompt_too_large",
      `The prompt has ${prompt.length} characters; the limit is ${maxPromptChars}.`,
      { limit: maxPromptChars, actual: prompt.length },
    );
  }
}
