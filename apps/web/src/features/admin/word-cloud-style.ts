import type { TWordCloudTerm } from "@codegenie/shared";

type Rgb = readonly [number, number, number];

/** Red, grey and green for −1, 0 and +1, dark enough on a light page and light enough on a dark. */
const PALETTES: Record<"light" | "dark", { negative: Rgb; neutral: Rgb; positive: Rgb }> = {
  light: { negative: [201, 42, 42], neutral: [108, 117, 125], positive: [43, 138, 62] },
  dark: { negative: [255, 107, 107], neutral: [173, 181, 189], positive: [105, 219, 124] },
};

const mix = (from: Rgb, to: Rgb, share: number): Rgb => [
  Math.round(from[0] + (to[0] - from[0]) * share),
  Math.round(from[1] + (to[1] - from[1]) * share),
  Math.round(from[2] + (to[2] - from[2]) * share),
];

/** The colour of a word by its mean sentiment (−1…+1): red → grey → green. */
export function sentimentColor(mean: number, scheme: "light" | "dark"): string {
  const palette = PALETTES[scheme];
  const clamped = Math.max(-1, Math.min(1, mean));
  const [red, green, blue] =
    clamped < 0
      ? mix(palette.neutral, palette.negative, -clamped)
      : mix(palette.neutral, palette.positive, clamped);
  return `rgb(${red}, ${green}, ${blue})`;
}

/**
 * Font sizes in pixels by how many comments hold each word, on a square-root scale (so the area
 * of a word grows with its count) from `min` to `max`.
 */
export function wordSizes(
  terms: readonly TWordCloudTerm[],
  min: number,
  max: number,
): Map<string, number> {
  const counts = terms.map((term) => term.count);
  const low = Math.sqrt(Math.min(...counts));
  const high = Math.sqrt(Math.max(...counts));
  const sizes = new Map<string, number>();
  for (const term of terms) {
    const share = high === low ? 1 : (Math.sqrt(term.count) - low) / (high - low);
    sizes.set(term.term, Math.round(min + (max - min) * share));
  }
  return sizes;
}

/** What a screen reader says for a word: "slow, 3 comments, mean sentiment −0.42". */
export function wordLabel(term: TWordCloudTerm): string {
  const comments = term.count === 1 ? "1 comment" : `${term.count} comments`;
  const mean = term.sentimentMean.toFixed(2);
  const signed = term.sentimentMean > 0 ? `+${mean}` : mean.replace("-", "−");
  return `${term.term}, ${comments}, mean sentiment ${signed}`;
}

/** A seeded random number generator (mulberry32), so the same words land in the same places. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
