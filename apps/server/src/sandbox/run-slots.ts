import { AppError } from "../errors";

/**
 * At most `size` runs at a time; further runs wait their turn, up to `maxWaiting` of them (more
 * are refused with 503 code.sandbox_unavailable rather than piling up).
 */
export class RunSlots {
  readonly #free: number[];
  readonly #waiting: Array<{ resolve(slot: number): void; reject(error: Error): void }> = [];
  readonly #maxWaiting: number;
  #isClosed = false;

  constructor(size: number, maxWaiting: number) {
    this.#free = Array.from({ length: size }, (_, index) => index);
    this.#maxWaiting = maxWaiting;
  }

  /** Waits for a free slot and returns its number; give it back with `release`. */
  acquire(): Promise<number> {
    if (this.#isClosed) return Promise.reject(new AppError("code.sandbox_unavailable"));
    const slot = this.#free.shift();
    if (slot !== undefined) return Promise.resolve(slot);
    if (this.#waiting.length >= this.#maxWaiting) {
      return Promise.reject(new AppError("code.sandbox_unavailable"));
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  release(slot: number): void {
    const next = this.#waiting.shift();
    if (next) next.resolve(slot);
    else this.#free.push(slot);
  }

  /** Refuses every waiting and later run. */
  close(): void {
    this.#isClosed = true;
    for (const waiter of this.#waiting.splice(0)) {
      waiter.reject(new AppError("code.sandbox_unavailable"));
    }
  }
}
