/**
 * A fixed set of slots (the parallel sequences of one loaded model) handed out first come, first
 * served. Waiters learn their place in the queue and may give up with an AbortSignal.
 */
export class SlotPool<TSlot> {
  readonly #free: TSlot[];
  readonly #waiting: Waiter<TSlot>[] = [];

  constructor(slots: readonly TSlot[]) {
    this.#free = [...slots];
  }

  /**
   * Resolves with a free slot. While none is free, `onQueuePosition` is called with the 1-based
   * place in the queue whenever it changes. Rejects with the signal's reason when it aborts first.
   */
  take(signal: AbortSignal, onQueuePosition?: (position: number) => void): Promise<TSlot> {
    signal.throwIfAborted();
    const slot = this.#free.pop();
    if (slot !== undefined) return Promise.resolve(slot);

    return new Promise<TSlot>((resolve, reject) => {
      const waiter: Waiter<TSlot> = {
        resolve: (granted) => {
          signal.removeEventListener("abort", onAbort);
          resolve(granted);
        },
        onQueuePosition,
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        this.#announcePositions(index);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(waiter);
      onQueuePosition?.(this.#waiting.length);
    });
  }

  /** Gives a slot back: to the first waiter, else to the free list. */
  release(slot: TSlot): void {
    const next = this.#waiting.shift();
    if (!next) {
      this.#free.push(slot);
      return;
    }
    next.resolve(slot);
    this.#announcePositions(0);
  }

  /** How many requests wait for a slot. */
  get queueLength(): number {
    return this.#waiting.length;
  }

  #announcePositions(fromIndex: number): void {
    for (let index = Math.max(0, fromIndex); index < this.#waiting.length; index++) {
      this.#waiting[index]?.onQueuePosition?.(index + 1);
    }
  }
}

interface Waiter<TSlot> {
  resolve: (slot: TSlot) => void;
  onQueuePosition: ((position: number) => void) | undefined;
}
