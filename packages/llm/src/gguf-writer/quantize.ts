import { f16BitsToF32, f32ToF16Bits } from "./float16";
import { QUANT_BLOCK_SIZE, type StoredTensorType } from "./ggml-types";

/**
 * Row encoders for the block formats, byte-compatible with ggml's reference quantizers
 * (`quantize_row_q8_0_ref`, `quantize_row_q4_0_ref`), so llama.cpp reads back what we meant.
 */

/** Encodes one row of values into `out` at `offset`; returns the offset after the row. */
export function encodeRow(
  type: StoredTensorType,
  values: Float32Array,
  out: Buffer,
  offset: number,
): number {
  switch (type) {
    case "f32":
      for (const value of values) offset = out.writeFloatLE(value, offset);
      return offset;
    case "f16":
      for (const value of values) offset = writeU16(out, offset, f32ToF16Bits(value));
      return offset;
    case "q8_0":
      return encodeQ8_0(values, out, offset);
    case "q4_0":
      return encodeQ4_0(values, out, offset);
  }
}

/** Q8_0 block: f16 scale `d = max|x| / 127`, then 32 × int8 `round(x / d)`. */
export function encodeQ8_0(values: Float32Array, out: Buffer, offset: number): number {
  for (let start = 0; start < values.length; start += QUANT_BLOCK_SIZE) {
    let absMax = 0;
    for (let j = 0; j < QUANT_BLOCK_SIZE; j++) {
      absMax = Math.max(absMax, Math.abs(at(values, start + j)));
    }
    const scale = absMax / 127;
    const inverse = scale === 0 ? 0 : 1 / scale;
    offset = writeU16(out, offset, f32ToF16Bits(scale));
    for (let j = 0; j < QUANT_BLOCK_SIZE; j++) {
      out[offset++] = roundHalfAwayFromZero(at(values, start + j) * inverse) & 0xff;
    }
  }
  return offset;
}

/**
 * Q4_0 block: f16 scale `d = x_maxabs / -8` (signed, so the extreme value maps to nibble 0), then
 * 16 bytes; byte j holds element j in its low nibble and element j + 16 in its high nibble, each
 * stored as `q + 8` with q in −8…7.
 */
export function encodeQ4_0(values: Float32Array, out: Buffer, offset: number): number {
  const half = QUANT_BLOCK_SIZE / 2;
  for (let start = 0; start < values.length; start += QUANT_BLOCK_SIZE) {
    let absMax = 0;
    let extreme = 0;
    for (let j = 0; j < QUANT_BLOCK_SIZE; j++) {
      const value = at(values, start + j);
      if (Math.abs(value) > absMax) {
        absMax = Math.abs(value);
        extreme = value;
      }
    }
    const scale = extreme / -8;
    const inverse = scale === 0 ? 0 : 1 / scale;
    offset = writeU16(out, offset, f32ToF16Bits(scale));
    for (let j = 0; j < half; j++) {
      const low = Math.min(15, Math.trunc(at(values, start + j) * inverse + 8.5));
      const high = Math.min(15, Math.trunc(at(values, start + half + j) * inverse + 8.5));
      out[offset++] = low | (high << 4);
    }
  }
  return offset;
}

/** Decodes Q8_0 blocks back to values (for tests and inspection). */
export function decodeQ8_0(bytes: Buffer, elements: number): Float32Array {
  const values = new Float32Array(elements);
  let offset = 0;
  for (let start = 0; start < elements; start += QUANT_BLOCK_SIZE) {
    const scale = f16BitsToF32(bytes.readUInt16LE(offset));
    offset += 2;
    for (let j = 0; j < QUANT_BLOCK_SIZE; j++, offset++) {
      values[start + j] = bytes.readInt8(offset) * scale;
    }
  }
  return values;
}

/** Decodes Q4_0 blocks back to values (for tests and inspection). */
export function decodeQ4_0(bytes: Buffer, elements: number): Float32Array {
  const values = new Float32Array(elements);
  const half = QUANT_BLOCK_SIZE / 2;
  let offset = 0;
  for (let start = 0; start < elements; start += QUANT_BLOCK_SIZE) {
    const scale = f16BitsToF32(bytes.readUInt16LE(offset));
    offset += 2;
    for (let j = 0; j < half; j++, offset++) {
      const packed = bytes.readUInt8(offset);
      values[start + j] = ((packed & 0x0f) - 8) * scale;
      values[start + half + j] = ((packed >>> 4) - 8) * scale;
    }
  }
  return values;
}

// Plain index stores: the bounds-checked Buffer.write* methods dominate the 1.3B preset's time.
function writeU16(out: Buffer, offset: number, value: number): number {
  out[offset] = value & 0xff;
  out[offset + 1] = value >>> 8;
  return offset + 2;
}

/** C's `roundf`: halves round away from zero (JavaScript's Math.round rounds them up). */
function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

function at(values: Float32Array, index: number): number {
  return values[index] ?? 0;
}
