import type { LlamaContext, LlamaContextSequence } from "node-llama-cpp";

/**
 * Longest a sequence's next decode waits for the other generating sequences, in milliseconds.
 * They normally arrive within a millisecond of each other; the wait only matters when one is
 * late (a generation ending, another one starting), so a few milliseconds cost nothing.
 */
const MAX_WAIT_MS = 10;

/**
 * Makes the generating sequences of one context decode their next tokens in one batch, in one
 * llama.cpp micro-batch.
 *
 * Why (node-llama-cpp 3.21.1, measured in docs/decisions/0004 and 0005):
 * - It dispatches a batch as soon as the first sequence queues a decode and, while a batch runs,
 *   decodes whatever was queued meanwhile; the sequences sample asynchronously, come back at
 *   slightly different times and settle into split batches (3 + 1 with four sequences). Its
 *   public batching options cannot wait. So the gate holds each decode request until every
 *   generating sequence has one (or `MAX_WAIT_MS` passed): one batch per step.
 * - Its contexts keep a KV cache per sequence (`kv_unified = false`, hard-coded). llama.cpp then
 *   puts the sequences of a batch into one micro-batch only while their ids ascend one by one;
 *   in any other order each sequence is a micro-batch of its own and four sequences cost four
 *   steps. So the gate queues the held decodes in ascending sequence order (and the slot pool
 *   keeps the ids in use consecutive).
 * - The held decodes are let in synchronously, in the same turn as the last one arrives: node-
 *   llama-cpp's decode loop then finds them queued and runs the next step at once. Letting them
 *   in on the next event-loop turn instead (so the loop ends after every step) made every step
 *   many times slower (measured: 4 sequences × 8 tokens of the quick model, 70 ms → 2 s; the
 *   exact cause inside node-llama-cpp/llama.cpp was not pinned down).
 *
 * - A generation that starts on a used sequence first erases the old tokens it does not share,
 *   which takes the context's lock. node-llama-cpp's decode loop keeps that lock for as long as
 *   it finds a decode queued when a batch is done. While the new generation waits for the lock
 *   it queues no decode, so the others were let in by the 10 ms timer; when their samples came
 *   back more than 10 ms apart (a 32 256-token vocabulary on a busy CPU), the timer let the early
 *   ones in while the loop still waited for the late ones, the loop never ran dry, and the new
 *   stream's first token waited until the others had finished (docs/decisions/0006). So while an
 *   erase waits for the lock the gate lets nothing in: the loop finishes what it has and lets go
 *   of the lock, the erase runs, and the held decodes go in right after.
 *
 * It wraps the context's internal `_decodeTokens` (the one function every evaluation goes
 * through) and each sequence's internal `_eraseContextTokenRanges`; with another version of
 * node-llama-cpp that lacks them, nothing is wrapped and decoding works as before, unbatched.
 * node-llama-cpp is pinned, so this is checked by the scheduler's model tests.
 */
export class DecodeGate {
  #generating = 0;
  #held: HeldDecode[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** Erases waiting for (or holding) the context lock; while above 0 no decode is let in. */
  #erasing = 0;
  readonly isInstalled: boolean;
  /** Decode steps let through, and decodes in them: their ratio is the mean batch width. */
  readonly stats = { steps: 0, decodes: 0 };

  constructor(context: LlamaContext, sequences: readonly LlamaContextSequence[]) {
    const internals = context as unknown as InternalContext;
    const decodeTokens = internals._decodeTokens;
    const sequenceInternals = sequences as unknown as InternalSequence[];
    this.isInstalled =
      typeof decodeTokens === "function" &&
      sequenceInternals.every(
        (sequence) => typeof sequence._eraseContextTokenRanges === "function",
      );
    if (!this.isInstalled || typeof decodeTokens !== "function") return;
    const original = decodeTokens.bind(context);
    internals._decodeTokens = (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        this.#held.push({
          sequenceId: sequenceIdOf(args[0]),
          decode: () => original(...args).then(resolve, reject),
        });
        this.#releaseWhenComplete();
      });
    for (const sequence of sequenceInternals) this.#guardErases(sequence);
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

  /**
   * Makes the sequence's erases (a new generation dropping the old tokens it does not share) wait
   * for the lock with the gate closed, so node-llama-cpp's decode loop runs dry and lets go of it.
   * An erase with `skipLock` runs inside a decode that already holds the lock: it passes.
   */
  #guardErases(sequence: InternalSequence): void {
    const erase = sequence._eraseContextTokenRanges;
    if (typeof erase !== "function") return;
    const original = erase.bind(sequence);
    sequence._eraseContextTokenRanges = async (ranges, options, ...rest) => {
      if (options?.skipLock === true) return original(ranges, options, ...rest);
      this.#erasing++;
      try {
        return await original(ranges, options, ...rest);
      } finally {
        this.#erasing--;
        this.#releaseWhenComplete();
      }
    };
  }

  #releaseWhenComplete(): void {
    if (this.#held.length === 0 || this.#erasing > 0) return;
    if (this.#held.length >= this.#generating) {
      this.#release();
      return;
    }
    this.#timer ??= setTimeout(() => this.#release(), MAX_WAIT_MS);
  }

  #release(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // An erase waits for the lock: the decodes go in once it is done (see #guardErases).
    if (this.#erasing > 0) return;
    const held = this.#held;
    this.#held = [];
    this.stats.steps++;
    this.stats.decodes += held.length;
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

interface InternalSequence {
  _eraseContextTokenRanges?: (
    ranges: unknown,
    options?: { skipLock?: boolean },
    ...rest: unknown[]
  ) => Promise<unknown>;
}

/** The sequence id of a `_decodeTokens` request (its first argument); 0 if it has none. */
function sequenceIdOf(request: unknown): number {
  const sequenceId = (request as { sequenceId?: unknown } | undefined)?.sequenceId;
  return typeof sequenceId === "number" ? sequenceId : 0;
}
