import type { LlamaContext } from "node-llama-cpp";

/**
 * Longest a sequence's next decode waits for the other generating sequences, in milliseconds.
 * They normally arrive within a millisecond of each other; the wait only matters when one is
 * late (a generation ending, another one starting), so a few milliseconds cost nothing.
 */
const MAX_WAIT_MS = 10;

/**
 * Makes the generating sequences of one context decode their next tokens in one batch.
 *
 * Why: node-llama-cpp 3.21.1 dispatches a batch as soon as the first sequence queues a decode
 * (next event-loop cycle) and, while a batch runs, immediately decodes whatever was queued
 * meanwhile. Each sequence samples its token asynchronously after a batch, so the sequences come
 * back at slightly different times and settle into split batches (measured with 4 sequences:
 * every step decoded as a batch of 3 then a batch of 1), which throws away most of the gain of
 * batching. Its public batching options cannot wait: a custom dispatch schedule is bypassed by
 * that loop, and a prioritisation strategy that defers items spins. So the gate holds each
 * decode request until every sequence that is generating has one (or `MAX_WAIT_MS` passed), then
 * lets them all into the context's queue in the same tick: one batch per step.
 *
 * It wraps the context's internal `_decodeTokens` (the one function every evaluation goes
 * through); with another version of node-llama-cpp that lacks it, nothing is wrapped and
 * decoding works as before, unbatched. node-llama-cpp is pinned, so this is checked by the
 * batching test.
 */
export class DecodeGate {
  #generating = 0;
  #held: HeldDecode[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly isInstalled: boolean;
  /** Decode steps let through, and decodes in them: their ratio is the mean batch width. */
  readonly stats = { steps: 0, decodes: 0 };

  constructor(context: LlamaContext) {
    const internals = context as unknown as InternalContext;
    const decodeTokens = internals._decodeTokens;
    this.isInstalled = typeof decodeTokens === "function";
    if (typeof decodeTokens !== "function") return;
    const original = decodeTokens.bind(context);
    internals._decodeTokens = (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        this.#held.push({
          sequenceId: sequenceIdOf(args[0]),
          decode: () => original(...args).then(resolve, reject),
        });
        this.#releaseWhenComplete();
      });
  }

  /** A generation starts on one of the sequences: its decodes join the batch. */
  enter(): void {
    this.#generating++;
  }

  /** A generation ended: the others no longer wait for it. */
  leave(): void {
    this.#generating--;
    this.#releaseWhenComplete();
  }

  #releaseWhenComplete(): void {
    if (this.#held.length === 0) return;
    if (this.#held.length >= this.#generating) {
      this.#release();
      return;
    }
    this.#timer ??= setTimeout(() => this.#release(), MAX_WAIT_MS);
  }

  #release(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const held = this.#held;
    this.#held = [];
    this.stats.steps++;
    this.stats.decodes += held.length;
    // Queued in ascending sequence order, so llama.cpp decodes them in one micro-batch.
    held.sort((a, b) => a.sequenceId - b.sequenceId);
    for (const { decode } of held) decode();
  }
}

interface HeldDecode {
  sequenceId: number;
  decode: () => void;
}

interface InternalContext {
  _decodeTokens?: (...args: unknown[]) => Promise<unknown>;
}

/** The sequence id of a `_decodeTokens` request (its first argument); 0 if it has none. */
function sequenceIdOf(request: unknown): number {
  const sequenceId = (request as { sequenceId?: unknown } | undefined)?.sequenceId;
  return typeof sequenceId === "number" ? sequenceId : 0;
}
