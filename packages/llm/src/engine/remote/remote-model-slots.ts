import { LlmError } from "../../errors";
import type { ModelDefinition } from "../../models/model-definition";
import type { GenerationRequest, GenerationResult } from "../engine-types";
import { SlotPool } from "../slot-pool";
import { abortedBeforeStart } from "./openai-engine";

/**
 * Requests one base URL of a remote model serves at once when the model's
 * `maxConcurrentRequests` is not set: enough for vLLM or TGI to batch, few enough that one
 * CodeGenie server does not swamp a server that others share. A model with several base URLs
 * gets this many per URL.
 */
export const DEFAULT_REQUESTS_PER_BASE_URL = 8;

/**
 * The scheduler of remote (OpenAI-compatible) models: the same bounded, fair queue as local
 * models (SlotPool), with a model's `maxConcurrentRequests` as its slots, so no more requests
 * than that reach its servers at once.
 */
export class RemoteModelSlots {
  readonly #queueDepth: number;
  readonly #queues = new Map<string, SlotPool<number>>();

  /** `queueDepth`: most requests that may wait per model; more are refused with `busy`. */
  constructor(queueDepth: number) {
    this.#queueDepth = queueDepth;
  }

  /** Throws LlmError `busy` (with a Retry-After) when a request for `model` would be refused now. */
  checkCapacity(model: ModelDefinition): void {
    const queue = this.#queues.get(model.id);
    if (queue?.isFull) throw queue.busyError();
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
      slot = await queue.take(request.signal, {
        userId: request.userId,
        onQueuePosition: request.onQueuePosition,
      });
    } catch (error) {
      if (request.signal.aborted) return abortedBeforeStart(startedAt);
      throw error;
    }
    try {
      return await generate();
    } finally {
      queue.release(slot);
    }
  }

  /** Requests waiting for a slot, per remote model used so far (for metrics). */
  queueLengths(): { modelId: string; waiting: number }[] {
    return [...this.#queues].map(([modelId, queue]) => ({
      modelId,
      waiting: queue.queueLength,
    }));
  }

  #queueOf(model: ModelDefinition): SlotPool<number> {
    let queue = this.#queues.get(model.id);
    if (!queue) {
      const slots = Array.from({ length: maxConcurrentRequests(model) }, (_, index) => index);
      queue = new SlotPool(slots, this.#queueDepth);
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
