/**
 * The seeding script's randomness: one small seeded PRNG (mulberry32) and the few distributions
 * it draws from, so `--seed N` gives the same rows on every run and platform.
 */
export class SeedRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** One of `weighted`'s keys, with probability proportional to its weight. */
  weighted<K extends string | number>(weighted: readonly (readonly [K, number])[]): K {
    const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
    let remaining = this.next() * total;
    for (const [key, weight] of weighted) {
      remaining -= weight;
      if (remaining < 0) return key;
    }
    const last = weighted.at(-1);
    if (!last) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  /** Log-normal with this median and spread (σ of the logarithm): durations, token counts. */
  logNormal(median: number, sigma: number): number {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const normal = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
    return median * Math.exp(sigma * normal);
  }

  /** A version 4 UUID drawn from this generator (not from the operating system). */
  uuid(): string {
    const hex = (bits: number, digits: number) => bits.toString(16).padStart(digits, "0");
    const word = () => Math.floor(this.next() * 0x1_0000_0000);
    const a = word();
    const b = word();
    const c = word();
    const d = word();
    return (
      `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(0x4000 | (b & 0x0fff), 4)}-` +
      `${hex(0x8000 | (c >>> 18), 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`
    );
  }
}
