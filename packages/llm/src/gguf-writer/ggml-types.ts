/**
 * The few ggml tensor types the writer produces, with their on-disk block layouts.
 * Numbers are ggml's `enum ggml_type` and llama.cpp's `enum llama_ftype`.
 */

/** Tensor types a test model's matrices can use. */
export const TENSOR_TYPES = ["f16", "q8_0", "q4_0"] as const;
/** A tensor type of the matrices: `f16`, `q8_0` or `q4_0` (norm vectors are always F32). */
export type TensorType = (typeof TENSOR_TYPES)[number];
/** Every type a written tensor may have. */
export type StoredTensorType = TensorType | "f32";

/** Elements per quantization block of Q8_0 and Q4_0. */
export const QUANT_BLOCK_SIZE = 32;

interface TypeLayout {
  /** `enum ggml_type` value. */
  ggmlType: number;
  /** Elements per block (1 for plain floats). */
  blockElements: number;
  /** Bytes per block. */
  blockBytes: number;
}

const LAYOUTS: Record<StoredTensorType, TypeLayout> = {
  f32: { ggmlType: 0, blockElements: 1, blockBytes: 4 },
  f16: { ggmlType: 1, blockElements: 1, blockBytes: 2 },
  // Q4_0: f16 scale + 32 four-bit values.
  q4_0: { ggmlType: 2, blockElements: QUANT_BLOCK_SIZE, blockBytes: 2 + QUANT_BLOCK_SIZE / 2 },
  // Q8_0: f16 scale + 32 int8 values.
  q8_0: { ggmlType: 8, blockElements: QUANT_BLOCK_SIZE, blockBytes: 2 + QUANT_BLOCK_SIZE },
};

/** `general.file_type` (`enum llama_ftype`) of a model whose matrices use this type. */
export const FILE_TYPE: Record<TensorType, number> = { f16: 1, q4_0: 2, q8_0: 7 };

/** The `enum ggml_type` value stored in a tensor info. */
export function ggmlTypeId(type: StoredTensorType): number {
  return LAYOUTS[type].ggmlType;
}

/** Bytes taken by one row of `elements` values; throws when the row is not whole blocks. */
export function rowByteSize(type: StoredTensorType, elements: number): number {
  const layout = LAYOUTS[type];
  if (elements % layout.blockElements !== 0) {
    throw new Error(
      `a ${type} row needs a multiple of ${layout.blockElements} values, got ${elements}`,
    );
  }
  return (elements / layout.blockElements) * layout.blockBytes;
}
