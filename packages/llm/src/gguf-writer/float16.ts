/**
 * IEEE 754 half-precision conversion. Node 20 has no `Math.f16round`/`Float16Array`, and GGUF stores
 * F16 weights and the block scales of Q8_0/Q4_0 as half floats, so we convert bit by bit.
 */

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/**
 * Converts a number to the bits of the nearest float16 (round to nearest, ties to even, as ggml's
 * `GGML_FP32_TO_FP16` does). Values beyond ±65504 become ±Infinity; NaN stays NaN.
 */
export function f32ToF16Bits(value: number): number {
  f32Scratch[0] = value;
  const bits = u32Scratch[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);

  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;

  if (halfExponent <= 0) {
    // Subnormal half: the implicit leading 1 becomes explicit and shifts into the 10-bit field.
    if (halfExponent < -10) return sign;
    const fullMantissa = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    return sign | roundShift(fullMantissa, shift);
  }

  // A carry out of the mantissa correctly bumps the exponent (up to Infinity).
  return sign | ((halfExponent << 10) + roundShift(mantissa, 13));
}

/** Shifts right by `shift` bits, rounding to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const truncated = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (remainder > halfway || (remainder === halfway && (truncated & 1) === 1)) return truncated + 1;
  return truncated;
}

/** Converts float16 bits back to a number (exact). */
export function f16BitsToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Rounds a number to the nearest float16 value. */
export function roundToF16(value: number): number {
  return f16BitsToF32(f32ToF16Bits(value));
}
