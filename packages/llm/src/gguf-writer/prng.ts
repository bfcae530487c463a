/**
 * A small seeded PRNG (mulberry32): fast, 32-bit state, good enough for random weights, and the
 * same sequence on every platform, so a seed names one model.
 */

/** Returns a function yielding uniform numbers in [0, 1) determined by `seed`. */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent 32-bit seed for a named stream (FNV-1a of the name mixed with the seed),
 * so each tensor's values depend only on the model seed and the tensor's name, not on write order.
 */
export function deriveSeed(seed: number, name: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
