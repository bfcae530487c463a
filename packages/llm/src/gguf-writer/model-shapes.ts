/**
 * Shapes of generated `llama`-architecture models. Only the dimensions matter for speed and memory;
 * the weights are random.
 */

/** Dimensions and hyper-parameters of a generated model. */
export interface ModelShape {
  /** `general.name` written into the file. */
  name: string;
  /** Number of tokens (≥ 256 byte tokens + the special tokens + some merges). */
  vocabularySize: number;
  /** Width of the residual stream (`n_embd`); a multiple of 32 and of `headCount`. */
  embeddingLength: number;
  /** Transformer blocks (`n_layer`). */
  blockCount: number;
  /** Attention heads. */
  headCount: number;
  /** Key/value heads (grouped-query attention); divides `headCount`. */
  headCountKv: number;
  /** Hidden width of the feed-forward network; a multiple of 32. */
  feedForwardLength: number;
  /** Context length the model advertises, in tokens. */
  contextLength: number;
  /** RoPE frequency base (llama default 10 000). */
  ropeFreqBase: number;
  /** Linear RoPE scaling factor; omitted when the model uses none. */
  ropeLinearScalingFactor?: number;
  /** Epsilon of the RMS norms. */
  rmsNormEpsilon: number;
  /**
   * Token id of the first special token (the special tokens are consecutive). Defaults to the end of
   * the vocabulary; the DeepSeek-Coder preset puts them where the real model has them (32013).
   */
  specialTokensStart?: number;
}

/** The preset shapes, by name. */
export const MODEL_SHAPES = {
  /** A few hundred KB: for tests, thousands of tokens per second on two cores. */
  tiny: {
    name: "CodeGenie tiny test model",
    vocabularySize: 512,
    embeddingLength: 64,
    blockCount: 2,
    headCount: 4,
    headCountKv: 2,
    feedForwardLength: 128,
    contextLength: 4096,
    ropeFreqBase: 10_000,
    rmsNormEpsilon: 1e-6,
  },
  /**
   * The dimensions of deepseek-ai/deepseek-coder-1.3b-instruct (about 1.35 B parameters), for
   * benchmarks that need the real model's cost without its weights.
   */
  "deepseek-coder-1.3b": {
    name: "CodeGenie random-weight DeepSeek-Coder 1.3B shape",
    vocabularySize: 32_256,
    embeddingLength: 2048,
    blockCount: 24,
    headCount: 16,
    headCountKv: 16,
    feedForwardLength: 5504,
    contextLength: 16_384,
    ropeFreqBase: 100_000,
    ropeLinearScalingFactor: 4,
    rmsNormEpsilon: 1e-6,
    specialTokensStart: 32_013,
  },
} as const satisfies Record<string, ModelShape>;

/** The name of a preset shape: `tiny` or `deepseek-coder-1.3b`. */
export type ModelShapeName = keyof typeof MODEL_SHAPES;

/** Preset names, for CLI help and validation. */
export const MODEL_SHAPE_NAMES = Object.keys(MODEL_SHAPES) as ModelShapeName[];

/** Throws with a message naming the field when a shape cannot make a valid model. */
export function validateShape(shape: ModelShape, specialTokenCount: number): void {
  const problems: string[] = [];
  const isPositiveInt = (value: number) => Number.isInteger(value) && value > 0;
  for (const key of [
    "vocabularySize",
    "embeddingLength",
    "blockCount",
    "headCount",
    "headCountKv",
    "feedForwardLength",
    "contextLength",
  ] as const) {
    if (!isPositiveInt(shape[key])) problems.push(`${key} must be a positive integer`);
  }
  if (shape.embeddingLength % 32 !== 0) problems.push("embeddingLength must be a multiple of 32");
  if (shape.feedForwardLength % 32 !== 0) {
    problems.push("feedForwardLength must be a multiple of 32");
  }
  if (shape.embeddingLength % shape.headCount !== 0) {
    problems.push("embeddingLength must be a multiple of headCount");
  }
  if (shape.headCount % shape.headCountKv !== 0) problems.push("headCountKv must divide headCount");
  if (shape.vocabularySize < 256 + specialTokenCount + 1) {
    problems.push(`vocabularySize must be at least ${256 + specialTokenCount + 1}`);
  }
  const start = shape.specialTokensStart ?? shape.vocabularySize - specialTokenCount;
  if (start < 0 || start + specialTokenCount > shape.vocabularySize) {
    problems.push("specialTokensStart leaves no room for the special tokens");
  }
  if (problems.length > 0) throw new Error(`invalid model shape: ${problems.join("; ")}`);
}
