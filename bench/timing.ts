/**
 * One generation's clock readings, in milliseconds from when it was asked for. Every rate in the
 * benchmark is computed from these, the same way for CodeGenie and for node-llama-cpp.
 */
export interface StreamTiming {
  promptTokens: number;
  completionTokens: number;
  /** Until the first generated token (prompt processing plus one sampled token). */
  firstTokenMs: number;
  /** Until the last token. */
  endMs: number;
}

/** Prompt tokens per second: the prompt's tokens over the time to the first token. */
export function promptTokensPerSecond(timing: StreamTiming): number {
  return timing.promptTokens / (timing.firstTokenMs / 1000);
}

/** Decode tokens per second: the tokens after the first over the time after the first. */
export function decodeTokensPerSecond(timing: StreamTiming): number {
  return (timing.completionTokens - 1) / ((timing.endMs - timing.firstTokenMs) / 1000);
}

/** The value at `fraction` (0…1) of the sorted values, by nearest rank. */
export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/** The median (p50). */
export function median(values: number[]): number {
  return percentile(values, 0.5);
}
