import { LlmError } from "../errors";

/** Until a slot has been given back, the Retry-After of a busy answer, in seconds. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** Who waits for a slot, and how to tell them their place. */
export interface TakeOptions {
  /** The caller's user; requests without one are each treated as a user of their own. */
  userId?: string | undefined;
  /** Called with the 1-based place in the queue whenever it changes. */
  onQueuePosition?: ((position: number) => void) | undefined;
}

/**
 * A fixed set of slots (the parallel sequences of one loaded model) with a bounded, fair queue.
 * Requests are served round-robin across users: each gets a round when it arrives — the round
 * being served for a user with nothing in flight, else one past that user's previous request —
 * and the queue is ordered by (round, arrival). So a user's second request waits behind other
 * users' first ones, and a burst from one user cannot hold everyone else up. Waiters learn their
 * place in the queue and may give up with an AbortSignal. A free slot is handed out lowest first
 * (the free one that comes first in `slots`), so the busy slots stay packed at the front: the
 * parallel sequences in use then have consecutive ids, which llama.cpp needs to decode them in
 * one micro-batch (docs/decisions/0005).
 */
export class SlotPool<TSlot> {
  readonly #free: TSlot[];
  /** Each slot's place in `slots`. */
  readonly #order: Map<TSlot, number>;
  readonly #waiting: Waiter<TSlot>[] = [];
  readonly #holderOf = new Map<TSlot, string>();
  /** Per user with requests in flight (holding or waiting): how many, and the latest round. */
  readonly #users = new Map<string, { inFlight: number; lastRound: number }>();
  readonly #queueDepth: number;
  #currentRound = 0;
  #arrivals = 0;
  readonly #slotCount: number;
  /** When each busy slot was handed out (performance.now() ms). */
  readonly #takenAt = new Map<TSlot, number>();
  /** Moving average of how long a slot is held, in ms; undefined until one was given back. */
  #averageHoldMs: number | undefined;

  /** `queueDepth`: most requests that may wait; default unbounded. */
  constructor(slots: readonly TSlot[], queueDepth = Number.POSITIVE_INFINITY) {
    this.#slotCount = slots.length;
    this.#free = [...slots];
    this.#order = new Map(slots.map((slot, index) => [slot, index]));
    this.#queueDepth = queueDepth;
  }

  /** True when a request made now would have to be refused (every slot busy, the queue full). */
  get isFull(): boolean {
    return this.#free.length === 0 && this.#waiting.length >= this.#queueDepth;
  }

  /** How many requests wait for a slot. */
  get queueLength(): number {
    return this.#waiting.length;
  }

  /** How many slots are handed out. */
  get busyCount(): number {
    return this.#holderOf.size;
  }

  /**
   * LlmError `busy` with a Retry-After: about when the first slot will be free (the average hold
   * time over the slots; 5 s until a slot has been given back). `take` rejects with it when the
   * queue is full.
   */
  busyError(): LlmError {
    const seconds =
      this.#averageHoldMs === undefined
        ? DEFAULT_RETRY_AFTER_SECONDS
        : this.#averageHoldMs / this.#slotCount / 1000;
    const retryAfterSeconds = Math.max(1, Math.ceil(seconds));
    return new LlmError(
      "busy",
      `The model is busy: ${this.#slotCount} requests are being answered and ${this.#waiting.length} wait. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }

  /**
   * Resolves with a free slot, else waits in the queue. Rejects with LlmError `busy` when the
   * queue is full, and with the signal's reason when it aborts first (leaving the queue at once).
   */
  take(signal: AbortSignal, options: TakeOptions = {}): Promise<TSlot> {
    signal.throwIfAborted();
    const arrival = this.#arrivals++;
    const user = options.userId ?? `anonymous:${arrival}`;
    const slot = this.#free.shift();
    if (slot !== undefined) {
      this.#enter(user);
      this.#hand(slot, user);
      return Promise.resolve(slot);
    }
    if (this.#waiting.length >= this.#queueDepth) return Promise.reject(this.busyError());

    return new Promise<TSlot>((resolve, reject) => {
      const waiter: Waiter<TSlot> = {
        user,
        round: this.#enter(user),
        arrival,
        lastPosition: 0,
        grant: (granted) => {
          signal.removeEventListener("abort", onAbort);
          resolve(granted);
        },
        onQueuePosition: options.onQueuePosition,
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        this.#leave(user);
        this.#announcePositions();
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      const behind = this.#waiting.findIndex(
        (other) =>
          other.round > waiter.round || (other.round === waiter.round && other.arrival > arrival),
      );
      this.#waiting.splice(behind < 0 ? this.#waiting.length : behind, 0, waiter);
      this.#announcePositions();
    });
  }

  /** Gives a slot back: to the first in the queue, else to the free list. */
  release(slot: TSlot): void {
    const user = this.#holderOf.get(slot);
    if (user === undefined) return;
    this.#holderOf.delete(slot);
    const heldMs = performance.now() - (this.#takenAt.get(slot) ?? performance.now());
    this.#averageHoldMs =
      this.#averageHoldMs === undefined ? heldMs : 0.8 * this.#averageHoldMs + 0.2 * heldMs;
    this.#leave(user);
    const next = this.#waiting.shift();
    if (!next) {
      this.#returnToFree(slot);
      return;
    }
    this.#currentRound = Math.max(this.#currentRound, next.round);
    this.#hand(slot, next.user);
    next.grant(slot);
    this.#announcePositions();
  }

  #hand(slot: TSlot, user: string): void {
    this.#holderOf.set(slot, user);
    this.#takenAt.set(slot, performance.now());
  }

  /** Puts a slot back among the free ones in its place in `slots`: the first free is taken next. */
  #returnToFree(slot: TSlot): void {
    const index = this.#order.get(slot) ?? Number.POSITIVE_INFINITY;
    const after = this.#free.findIndex((free) => (this.#order.get(free) ?? 0) > index);
    this.#free.splice(after < 0 ? this.#free.length : after, 0, slot);
  }

  /** Counts a request of `user` in flight and returns its round. */
  #enter(user: string): number {
    const state = this.#users.get(user);
    const round = state ? Math.max(state.lastRound + 1, this.#currentRound) : this.#currentRound;
    this.#users.set(user, { inFlight: (state?.inFlight ?? 0) + 1, lastRound: round });
    return round;
  }

  #leave(user: string): void {
    const state = this.#users.get(user);
    if (!state) return;
    if (state.inFlight <= 1) this.#users.delete(user);
    else state.inFlight--;
  }

  #announcePositions(): void {
    this.#waiting.forEach((waiter, index) => {
      if (waiter.lastPosition === index + 1) return;
      waiter.lastPosition = index + 1;
      waiter.onQueuePosition?.(index + 1);
    });
  }
}

interface Waiter<TSlot> {
  user: string;
  round: number;
  arrival: number;
  /** The place last announced; 0 before the first. */
  lastPosition: number;
  grant: (slot: TSlot) => void;
  onQueuePosition: ((position: number) => void) | undefined;
}
