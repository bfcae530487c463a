import type { StoredTensorType, TensorType } from "./ggml-types";
import type { ModelShape } from "./model-shapes";
import { createPrng, deriveSeed } from "./prng";
import { TOKEN_KIND } from "./vocabulary";

/**
 * The tensors of a `llama`-architecture model and how to fill each row with seeded random values.
 *
 * Output steering: dimension 0 of the residual stream (the "anchor") is a constant. Every token
 * embedding has {@link ANCHOR_VALUE} there, and the rows of `attn_output` and `ffn_down` that write
 * dimension 0 are zero, so no layer can change it; after the final RMS norm it is still clearly
 * positive. The output layer then gives a token a logit of `weight[0] × anchor + …`: tokens we want
 * never sampled get {@link SUPPRESSED_WEIGHT} in dimension 0 and zeros elsewhere (a logit of about
 * −2000, far below the others' ±10), all other tokens get 0 there and random weights elsewhere.
 */

/** The constant value of dimension 0 in every token embedding. */
export const ANCHOR_VALUE = 4;
/** Output-layer weight in dimension 0 of a suppressed token. */
export const SUPPRESSED_WEIGHT = -1000;

/** One tensor to write: its name, ggml dims (row length first) and row generator. */
export interface TensorPlan {
  name: string;
  dims: readonly number[];
  type: StoredTensorType;
  /** Values per row (`dims[0]`). */
  rowLength: number;
  rowCount: number;
  /** Returns a filler that must be called for rows 0, 1, 2… in order (it owns a PRNG stream). */
  createRowFiller(): (row: number, out: Float32Array) => void;
}

/** What the output layer should do. */
export interface SteeringOptions {
  /** Make control tokens (every end-of-generation token among them) practically never sampled. */
  suppressEndOfGeneration: boolean;
  /** Make bytes that are not readable text on their own practically never sampled. */
  printableOutput: boolean;
}

/** Lists every tensor of the model in file order. */
export function planTensors(
  shape: ModelShape,
  type: TensorType,
  seed: number,
  tokenKinds: Uint8Array,
  steering: SteeringOptions,
): TensorPlan[] {
  const embd = shape.embeddingLength;
  const kvWidth = (embd / shape.headCount) * shape.headCountKv;
  const ff = shape.feedForwardLength;
  const vocab = shape.vocabularySize;
  const hasAnchor = steering.suppressEndOfGeneration || steering.printableOutput;
  const isSuppressed = (token: number) => {
    const kind = tokenKinds[token];
    if (kind === TOKEN_KIND.control) return steering.suppressEndOfGeneration;
    if (kind === TOKEN_KIND.unprintable) return steering.printableOutput;
    return false;
  };

  const tensor = (
    name: string,
    dims: readonly number[],
    tensorType: StoredTensorType,
    fill: (random: () => number, row: number, out: Float32Array) => void,
  ): TensorPlan => ({
    name,
    dims,
    type: tensorType,
    rowLength: dims[0] ?? 0,
    rowCount: dims[1] ?? 1,
    createRowFiller() {
      const random = createPrng(deriveSeed(seed, name));
      return (row, out) => fill(random, row, out);
    },
  });

  const ones = (_random: () => number, _row: number, out: Float32Array) => out.fill(1);
  /** A weight matrix with variance gain² / fan-in, so activations neither vanish nor explode. */
  const matrix = (fanIn: number, gain: number, zeroAnchorRow: boolean) => {
    const amplitude = (gain * Math.sqrt(3)) / Math.sqrt(fanIn);
    return (random: () => number, row: number, out: Float32Array) => {
      if (zeroAnchorRow && row === 0) return void out.fill(0);
      fillUniform(random, out, amplitude);
    };
  };

  const plans: TensorPlan[] = [
    tensor("token_embd.weight", [embd, vocab], type, (random, _row, out) => {
      fillUniform(random, out, 1);
      if (hasAnchor) out[0] = ANCHOR_VALUE;
    }),
    tensor("output_norm.weight", [embd], "f32", ones),
    tensor("output.weight", [embd, vocab], type, (random, token, out) => {
      // Draw the row even when it is overwritten, so one token's steering leaves the rest unchanged.
      fillUniform(random, out, (2 * Math.sqrt(3)) / Math.sqrt(embd));
      if (!hasAnchor) return;
      if (isSuppressed(token)) {
        out.fill(0);
        out[0] = SUPPRESSED_WEIGHT;
      } else {
        out[0] = 0;
      }
    }),
  ];

  for (let block = 0; block < shape.blockCount; block++) {
    const prefix = `blk.${block}`;
    plans.push(
      tensor(`${prefix}.attn_norm.weight`, [embd], "f32", ones),
      tensor(`${prefix}.attn_q.weight`, [embd, embd], type, matrix(embd, 1, false)),
      tensor(`${prefix}.attn_k.weight`, [embd, kvWidth], type, matrix(embd, 1, false)),
      tensor(`${prefix}.attn_v.weight`, [embd, kvWidth], type, matrix(embd, 1, false)),
      tensor(`${prefix}.attn_output.weight`, [embd, embd], type, matrix(embd, 0.5, hasAnchor)),
      tensor(`${prefix}.ffn_norm.weight`, [embd], "f32", ones),
      tensor(`${prefix}.ffn_gate.weight`, [embd, ff], type, matrix(embd, 1, false)),
      tensor(`${prefix}.ffn_up.weight`, [embd, ff], type, matrix(embd, 1, false)),
      tensor(`${prefix}.ffn_down.weight`, [ff, embd], type, matrix(ff, 0.5, hasAnchor)),
    );
  }
  return plans;
}

function fillUniform(random: () => number, out: Float32Array, amplitude: number): void {
  for (let i = 0; i < out.length; i++) out[i] = (random() * 2 - 1) * amplitude;
}
