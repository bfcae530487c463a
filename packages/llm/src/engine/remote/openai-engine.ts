import { setMaxListeners } from "node:events";
import type { TFinishReason } from "@codegenie/shared";
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { LlmError } from "../../errors";
import type { ModelDefinition } from "../../models/model-definition";
import type { EngineLogger, GenerationRequest, GenerationResult } from "../engine-types";
import { DEFAULT_ENDPOINT_COOLDOWN_MS, EndpointBalancer } from "./endpoint-balancer";
import {
  displayUrl,
  type EndpointFailure,
  endpointFault,
  type JudgedFailure,
  judgeFailure,
} from "./endpoint-failure";

/** Longest wait for a remote server's first chunk, or its next one, in ms. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 60_000;

/** Sent as the API key when the model names no `apiKeyEnv` (or it is unset): local servers ignore it. */
const PLACEHOLDER_API_KEY = "none";

/** How the remote engine treats its servers. */
export interface OpenAiEngineOptions {
  /** How long an endpoint that failed is left out, in ms; default 30 000. */
  cooldownMs?: number;
  /** Longest wait for the first chunk or the next one, in ms; default 60 000. */
  responseTimeoutMs?: number;
  /** Where `apiKeyEnv` is looked up; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Where failed endpoints are reported. */
  logger?: EngineLogger | undefined;
}

type OpenAiSource = Extract<ModelDefinition["source"], { kind: "openai" }>;

/** One attempt on one endpoint: a result, or a failure and whether any text reached the caller. */
type Attempt =
  | { kind: "finished"; result: GenerationResult }
  | { kind: "failed"; failure: JudgedFailure; hasStreamed: boolean };

/**
 * Streams generations from OpenAI-compatible servers (vLLM, TGI, Ollama, llama-server). Several
 * base URLs are balanced by fewest requests in flight; an endpoint that fails is left out for a
 * while, and the request moves to another one as long as no text was streamed yet. The SDK's own
 * retries are off so that failover is ours.
 */
export class OpenAiCompatibleEngine {
  readonly #balancer: EndpointBalancer;
  readonly #responseTimeoutMs: number;
  readonly #env: Record<string, string | undefined>;
  readonly #logger: EngineLogger | undefined;
  readonly #clients = new Map<string, OpenAI>();
  /** Aborted by dispose(): running requests end as aborted. */
  readonly #disposal = new AbortController();

  constructor(options: OpenAiEngineOptions = {}) {
    this.#balancer = new EndpointBalancer(options.cooldownMs ?? DEFAULT_ENDPOINT_COOLDOWN_MS);
    this.#responseTimeoutMs = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
    this.#env = options.env ?? process.env;
    this.#logger = options.logger;
    // Every request in flight listens to it: more than Node's default 10 is normal, not a leak.
    setMaxListeners(0, this.#disposal.signal);
  }

  /**
   * Runs one generation on the model's remote servers. Throws LlmError `remote-failed` with
   * `details.endpoints` when every endpoint failed, when one failed after text was streamed (the
   * text already passed to onTextDelta is the partial answer), or when a server refused the
   * request itself (a 4xx). `startedAt` (performance.now() ms, default now) is when the request
   * reached the engine, so that durations include the wait in the queue.
   */
  async generate(
    model: ModelDefinition,
    request: GenerationRequest,
    startedAt = performance.now(),
  ): Promise<GenerationResult> {
    const { source } = model;
    if (source.kind !== "openai") {
      throw new LlmError("generation-failed", `"${model.id}" is not a remote model.`);
    }
    const failures: EndpointFailure[] = [];
    const tried = new Set<string>();
    for (;;) {
      if (this.#isAborted(request)) return abortedBeforeStart(startedAt);
      const baseUrl = this.#balancer.choose(source.baseUrls, tried);
      if (baseUrl === undefined) {
        const list = failures.map((failure) => `${failure.baseUrl} (${failure.error})`).join("; ");
        throw remoteFailed(`Every remote server of "${model.id}" failed: ${list}.`, failures);
      }
      tried.add(baseUrl);
      const attempt = await this.#attempt(model, source, baseUrl, request, startedAt);
      if (attempt.kind === "finished") return attempt.result;

      const { failure, hasStreamed } = attempt;
      failures.push({ baseUrl: displayUrl(baseUrl), error: failure.error });
      if (failure.isEndpointFault) this.#balancer.markFailed(baseUrl);
      this.#logger?.warn(
        { model: model.id, baseUrl: displayUrl(baseUrl), error: failure.error, hasStreamed },
        failure.isEndpointFault
          ? "remote endpoint failed; left out for a while"
          : "remote endpoint refused the request",
      );
      if (hasStreamed) {
        throw remoteFailed(
          `The remote server ${displayUrl(baseUrl)} of "${model.id}" failed after part of the answer was sent: ${failure.error}.`,
          failures,
        );
      }
      if (!failure.isEndpointFault) {
        throw remoteFailed(
          `The remote server ${displayUrl(baseUrl)} of "${model.id}" refused the request: ${failure.error}.`,
          failures,
        );
      }
    }
  }

  /** Requests in flight on `baseUrl` now (for tests and metrics). */
  inFlight(baseUrl: string): number {
    return this.#balancer.inFlight(baseUrl);
  }

  /** Ends running requests (as aborted) and forgets the clients. */
  async dispose(): Promise<void> {
    this.#disposal.abort();
    this.#clients.clear();
  }

  async #attempt(
    model: ModelDefinition,
    source: OpenAiSource,
    baseUrl: string,
    request: GenerationRequest,
    startedAt: number,
  ): Promise<Attempt> {
    const endRequest = this.#balancer.begin(baseUrl);
    const controller = new AbortController();
    const abort = () => controller.abort();
    request.signal.addEventListener("abort", abort, { once: true });
    this.#disposal.signal.addEventListener("abort", abort, { once: true });
    let hasTimedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const restartTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hasTimedOut = true;
        controller.abort();
      }, this.#responseTimeoutMs);
    };

    let text = "";
    let textChunks = 0;
    let firstTextAt: number | null = null;
    let finishReason: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    let thrown: unknown;
    let hasThrown = false;
    try {
      restartTimer();
      if (this.#isAborted(request)) controller.abort();
      const stream = await this.#client(baseUrl, source).chat.completions.create(
        {
          model: source.model,
          messages: chatMessages(request),
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: request.maxTokens,
          temperature: request.temperature ?? model.defaultSampling.temperature,
          top_p: request.topP ?? model.defaultSampling.topP,
          ...(request.stopSequences?.length ? { stop: request.stopSequences } : {}),
        },
        { signal: controller.signal },
      );
      // The SDK ends the iteration quietly when the signal aborts: the flags below tell why.
      for await (const chunk of stream) {
        restartTimer();
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices[0];
        if (!choice) continue;
        const delta = choice.delta?.content;
        if (delta) {
          text += delta;
          textChunks += 1;
          firstTextAt ??= performance.now();
          request.onTextDelta?.(delta);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    } catch (error) {
      thrown = error;
      hasThrown = true;
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", abort);
      this.#disposal.signal.removeEventListener("abort", abort);
      endRequest();
    }

    const result = (reason: TFinishReason): GenerationResult => ({
      text,
      promptTokens: usage?.prompt_tokens ?? 0,
      completionTokens: usage?.completion_tokens ?? textChunks,
      durationMs: performance.now() - startedAt,
      timeToFirstTokenMs: firstTextAt === null ? null : firstTextAt - startedAt,
      finishReason: reason,
    });
    if (this.#isAborted(request)) return { kind: "finished", result: result("aborted") };
    const hasStreamed = text !== "";
    const timeoutMs = this.#responseTimeoutMs;
    if (hasThrown || hasTimedOut) {
      return {
        kind: "failed",
        failure: judgeFailure(thrown, { hasTimedOut, timeoutMs }),
        hasStreamed,
      };
    }
    if (finishReason === null) {
      const failure = endpointFault("the stream ended before the answer was finished");
      return { kind: "failed", failure, hasStreamed };
    }
    this.#balancer.markHealthy(baseUrl);
    return { kind: "finished", result: result(finishReason === "length" ? "max-tokens" : "stop") };
  }

  #isAborted(request: GenerationRequest): boolean {
    return request.signal.aborted || this.#disposal.signal.aborted;
  }

  /** One SDK client per endpoint and key; its retries are off and its timeout is ours. */
  #client(baseUrl: string, source: OpenAiSource): OpenAI {
    const apiKey = (source.apiKeyEnv && this.#env[source.apiKeyEnv]) || PLACEHOLDER_API_KEY;
    const key = `${baseUrl}\n${apiKey}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = new OpenAI({
        baseURL: baseUrl,
        apiKey,
        // Not read from the environment: OpenAI's own settings do not belong to other servers.
        organization: null,
        project: null,
        maxRetries: 0,
        timeout: this.#responseTimeoutMs,
      });
      this.#clients.set(key, client);
    }
    return client;
  }
}

/** The conversation as chat messages: the system instruction first, when there is one. */
function chatMessages(request: GenerationRequest): ChatCompletionMessageParam[] {
  const { system, messages } = request.conversation;
  const turns: ChatCompletionMessageParam[] = messages.map(({ role, content }) => ({
    role,
    content,
  }));
  return system ? [{ role: "system", content: system }, ...turns] : turns;
}

/** The result of a request cancelled before anything was sent or generated. */
export function abortedBeforeStart(startedAt: number): GenerationResult {
  return {
    text: "",
    promptTokens: 0,
    completionTokens: 0,
    durationMs: performance.now() - startedAt,
    timeToFirstTokenMs: null,
    finishReason: "aborted",
  };
}

function remoteFailed(message: string, endpoints: EndpointFailure[]): LlmError {
  return new LlmError("remote-failed", message, { details: { endpoints } });
}
