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
  /** Decodes let in and not done yet: their sequences come back for the next step once sampled. */
  #inFlight = 0;
  /** Requests held so far: the order prompts get the batch in. */
  #arrivals = 0;
  /** Most tokens llama.cpp takes in one step (node-llama-cpp splits bigger ones). */
  readonly #batchSize: number;
  readonly isInstalled: boolean;
  /** Decode steps let through, and decodes in them: their ratio is the mean batch width. */
  readonly stats = { steps: 0, decodes: 0 };

  constructor(context: LlamaContext, sequences: readonly LlamaContextSequence[]) {
    const internals = context as unknown as InternalContext;
    const decodeTokens = internals._decodeTokens;
    const sequenceInternals = sequences as unknown as InternalSequence[];
    this.#batchSize = context.batchSize;
    this.isInstalled =
      typeof decodeTokens === "function" &&
      sequenceInternals.every(
        (sequence) => typeof sequence._eraseContextTokenRanges === "function",
      );
    if (!this.isInstalled || typeof decodeTokens !== "function") return;
    const original = decodeTokens.bind(context);
    internals._decodeTokens = (request: DecodeRequest, ...rest: unknown[]) =>
      this.#hold(request, (part) => original(part, ...rest));
    for (const sequence of sequenceInternals) this.#guardErases(sequence);
  }

  /**
   * Holds one `_decodeTokens` request until the step it belongs to is complete. A prompt (a
   * request of many tokens) goes in a share of the batch at a time: after each share it waits
   * for the next step again, with the others' next tokens, so no one waits for a whole prompt
   * (measured: running streams stalled for the whole of a new stream's prompt, seconds). The
   * shares' results (the sampled tokens, keyed by their position in the sequence) are joined as
   * if it had gone in at once.
   */
  #hold(
    request: DecodeRequest,
    decode: (part: DecodeRequest) => Promise<unknown>,
  ): Promise<unknown> {
    const { tokens, logits, firstTokenSequenceIndex } = request;
    const isSplittable =
      Array.isArray(tokens) && Array.isArray(logits) && typeof firstTokenSequenceIndex === "number";
    // At least 1: a request goes in whole unless it has several tokens to share out.
    const total = isSplittable ? Math.max(1, tokens.length) : 1;
    return new Promise((resolve, reject) => {
      let offset = 0;
      const results: unknown[] = [];
      const held: HeldDecode = {
        sequenceId: typeof request.sequenceId === "number" ? request.sequenceId : 0,
        arrival: this.#arrivals++,
        tokensLeft: total,
        decodeNext: (count) => {
          const end = offset + count;
          const part =
            offset === 0 && end >= total
              ? request
              : {
                  ...request,
                  tokens: (tokens as unknown[]).slice(offset, end),
                  logits: (logits as unknown[]).slice(offset, end),
                  firstTokenSequenceIndex: (firstTokenSequenceIndex as number) + offset,
                };
          offset = end;
          held.tokensLeft = total - offset;
          this.#inFlight++;
          decode(part)
            .then((result) => {
              if (held.tokensLeft === 0 && results.length === 0) return resolve(result);
              if (Array.isArray(result)) results.push(...result);
              if (held.tokensLeft > 0) this.#held.push(held);
              else resolve(results);
            }, reject)
            .finally(() => {
              this.#inFlight--;
              this.#releaseWhenComplete();
            });
        },
      };
      this.#held.push(held);
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
    // A sequence whose last decode is still running comes back as soon as it is sampled: wait
    // for it without a timer, so a step that was split once merges again at the next one. The
    // timer is for the sequences busy with something else (an erase, the end of a generation).
    if (this.#inFlight > 0) return;
    this.#timer ??= setTimeout(() => this.#release(), MAX_WAIT_MS);
  }

  #release(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // An erase waits for the lock: the decodes go in once it is done (see #guardErases).
    if (this.#erasing > 0) return;
    // One token for each generating sequence; what the batch has left goes to the prompts in the
    // order they arrived (the first one's first token is not held back by later arrivals). A
    // prompt that gets nothing this time stays held for the next step.
    let left = this.#batchSize - this.#held.filter((decode) => decode.tokensLeft <= 1).length;
    const counts = new Map<HeldDecode, number>();
    for (const decode of [...this.#held].sort((a, b) => a.arrival - b.arrival)) {
      const count = decode.tokensLeft <= 1 ? decode.tokensLeft : Math.min(decode.tokensLeft, left);
      if (decode.tokensLeft > 1) left -= count;
      counts.set(decode, count);
    }
    const going = this.#held.filter((decode) => (counts.get(decode) ?? 0) > 0);
    this.#held = this.#held.filter((decode) => (counts.get(decode) ?? 0) === 0);
    this.stats.steps++;
    this.stats.decodes += going.length;
    going.sort((a, b) => a.sequenceId - b.sequenceId);
    for (const decode of going) decode.decodeNext(counts.get(decode) ?? 1);
  }
}

interface HeldDecode {
  sequenceId: number;
  /** When the request came, in the gate's count (a prompt keeps it between its shares). */
  arrival: number;
  /** Tokens of the request not let in yet (1 for a generation step). */
  tokensLeft: number;
  /** Lets the next `count` tokens in. */
  decodeNext: (count: number) => void;
}

/** What node-llama-cpp's sequences ask their context's `_decodeTokens` to evaluate. */
interface DecodeRequest {
  sequenceId?: unknown;
  /** Tokens to evaluate, the first at `firstTokenSequenceIndex` of the sequence. */
  tokens?: unknown;
  /** Per token, whether its logits are wanted (sparse: most are holes). */
  logits?: unknown;
  firstTokenSequenceIndex?: unknown;
}

interface InternalContext {
  _decodeTokens?: (request: DecodeRequest, ...rest: unknown[]) => Promise<unknown>;
}

interface InternalSequence {
  _eraseContextTokenRanges?: (
    ranges: unknown,
    options?: { skipLock?: boolean },
    ...rest: unknown[]
  ) => Promise<unknown>;
}
