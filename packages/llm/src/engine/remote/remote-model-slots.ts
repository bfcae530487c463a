import { LlmError } from "../../errors";
import type { ModelDefinition } from "../../models/model-definition";
import type { GenerationRequest, GenerationResult } from "../engine-types";
import { SlotPool } from "../slot-pool";

/**
 * Requests one base URL of a remote model serves at once when the model's
 * `maxConcurrentRequests` is not set: enough for vLLM or TGI to batch, few enough that one
 * CodeGenie server does not swamp a server that others share. A model with several base URLs
 * gets this many per URL.
 */
export const DEFAULT_REQUESTS_PER_BASE_URL = 8;

/** Until a request has finished, the Retry-After of a busy answer, in seconds. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** The request slots of one remote model and how long a request holds one. */
interface RemoteModelQueue {
  slots: SlotPool<number>;
  slotCount: number;
  /** Moving average of how long a request holds a slot, in ms. */
  averageRunMs: number | undefined;
}

/**
 * The scheduler of remote (OpenAI-compatible) models: the same bounded, fair queue as local
 * models (SlotPool), with a model's `maxConcurrentRequests` as its slots, so no more requests
 * than that reach its servers at once.
 */
export class RemoteModelSlots {
  readonly #queueDepth: number;
  readonly #queues = new Map<string, RemoteModelQueue>();

  /** `queueDepth`: most requests that may wait per model; more are refused with `busy`. */
  constructor(queueDepth: number) {
    this.#queueDepth = queueDepth;
  }

  /** Throws LlmError `busy` (with a Retry-After) when a request for `model` would be refused now. */
  checkCapacity(model: ModelDefinition): void {
    const queue = this.#queues.get(model.id);
    if (queue?.slots.isFull) throw busyError(queue);
  }

  /**
   * Waits for a slot of `model` (telling `request.onQueuePosition` its place), then runs
   * `generate` holding it. Ends as `aborted` without running it when the signal aborts first.
   */
  async run(
    model: ModelDefinition,
    request: GenerationRequest,
    startedAt: number,
    generate: () => Promise<GenerationResult>,
  ): Promise<GenerationResult> {
    const queue = this.#queueOf(model);
    let slot: number;
    try {
      slot = await queue.slots.take(request.signal, {
        userId: request.userId,
        onQueuePosition: request.onQueuePosition,
      });
    } catch (error) {
      if (request.signal.aborted) return abortedWhileQueued(startedAt);
      if (error instanceof LlmError && error.kind === "busy") throw busyError(queue);
      throw error;
    }
    const runStartedAt = performance.now();
    try {
      return await generate();
    } finally {
      queue.slots.release(slot);
      const runMs = performance.now() - runStartedAt;
      queue.averageRunMs =
        queue.averageRunMs === undefined ? runMs : 0.8 * queue.averageRunMs + 0.2 * runMs;
    }
  }

  /** Requests waiting for a slot, per remote model used so far (for metrics). */
  queueLengths(): { modelId: string; waiting: number }[] {
    return [...this.#queues].map(([modelId, queue]) => ({
      modelId,
      waiting: queue.slots.queueLength,
    }));
  }

  #queueOf(model: ModelDefinition): RemoteModelQueue {
    let queue = this.#queues.get(model.id);
    if (!queue) {
      const slotCount = maxConcurrentRequests(model);
      const slots = Array.from({ length: slotCount }, (_, index) => index);
      queue = { slots: new SlotPool(slots, this.#queueDepth), slotCount, averageRunMs: undefined };
      this.#queues.set(model.id, queue);
    }
    return queue;
  }
}

function maxConcurrentRequests(model: ModelDefinition): number {
  const { source } = model;
  if (source.kind !== "openai") {
    throw new LlmError("generation-failed", `"${model.id}" is not a remote model.`);
  }
  return source.maxConcurrentRequests ?? DEFAULT_REQUESTS_PER_BASE_URL * source.baseUrls.length;
}

/** Busy, with a retry time: about when the first running request will have ended. */
function busyError(queue: RemoteModelQueue): LlmError {
  const seconds =
    queue.averageRunMs === undefined
      ? DEFAULT_RETRY_AFTER_SECONDS
      : queue.averageRunMs / queue.slotCount / 1000;
  const retryAfterSeconds = Math.max(1, Math.ceil(seconds));
  return new LlmError(
    "busy",
    `The model is busy: ${queue.slotCount} requests are running and ${queue.slots.queueLength} wait. Try again in ${retryAfterSeconds} s.`,
    { retryAfterSeconds },
  );
}

function abortedWhileQueued(startedAt: number): GenerationResult {
  return {
    text: "",
    promptTokens: 0,
    completionTokens: 0,
    durationMs: performance.now() - startedAt,
    timeToFirstTokenMs: null,
    finishReason: "aborted",
  };
}
