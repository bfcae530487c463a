import { ggmlTypeId, type StoredTensorType } from "./ggml-types";

/**
 * Serialises a GGUF v3 header: magic, version, counts, metadata key/values and tensor infos,
 * padded to the alignment where tensor data starts. Little-endian throughout.
 * Spec: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
 */

/** GGUF format version written. */
export const GGUF_VERSION = 3;
/** Byte alignment of tensor data (`general.alignment`, the GGUF default). */
export const GGUF_ALIGNMENT = 32;

/** A typed metadata value; the type decides the on-disk encoding. */
export type GgufValue =
  | { type: "u32"; value: number }
  | { type: "i32"; value: number }
  | { type: "f32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "string[]"; value: readonly string[] }
  | { type: "i32[]"; value: readonly number[] }
  | { type: "f32[]"; value: readonly number[] };

/** One metadata entry. */
export interface GgufKeyValue {
  key: string;
  value: GgufValue;
}

/** Where one tensor's data lives, relative to the start of the data section. */
export interface GgufTensorInfo {
  name: string;
  /** ggml dimensions, fastest-varying first (`ne[0]` is the row length). */
  dims: readonly number[];
  type: StoredTensorType;
  /** Offset in bytes from the start of the tensor data section; a multiple of the alignment. */
  offset: number;
}

// `enum gguf_type`
const VALUE_TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;

/** Encodes the whole header, padded so that tensor data can follow directly. */
export function encodeGgufHeader(
  metadata: readonly GgufKeyValue[],
  tensors: readonly GgufTensorInfo[],
): Buffer {
  const writer = new ByteWriter();
  writer.bytes(Buffer.from("GGUF", "ascii"));
  writer.u32(GGUF_VERSION);
  writer.u64(tensors.length);
  writer.u64(metadata.length);
  for (const { key, value } of metadata) {
    writer.string(key);
    writeValue(writer, value);
  }
  for (const tensor of tensors) {
    writer.string(tensor.name);
    writer.u32(tensor.dims.length);
    for (const dim of tensor.dims) writer.u64(dim);
    writer.u32(ggmlTypeId(tensor.type));
    writer.u64(tensor.offset);
  }
  writer.padTo(GGUF_ALIGNMENT);
  return writer.toBuffer();
}

/** Rounds `offset` up to a multiple of `alignment`. */
export function alignOffset(offset: number, alignment = GGUF_ALIGNMENT): number {
  return Math.ceil(offset / alignment) * alignment;
}

function writeValue(writer: ByteWriter, value: GgufValue): void {
  switch (value.type) {
    case "u32":
      writer.u32(VALUE_TYPE.u32);
      writer.u32(value.value);
      return;
    case "i32":
      writer.u32(VALUE_TYPE.i32);
      writer.i32(value.value);
      return;
    case "f32":
      writer.u32(VALUE_TYPE.f32);
      writer.f32(value.value);
      return;
    case "bool":
      writer.u32(VALUE_TYPE.bool);
      writer.bytes(Buffer.from([value.value ? 1 : 0]));
      return;
    case "string":
      writer.u32(VALUE_TYPE.string);
      writer.string(value.value);
      return;
    case "string[]":
      writeArrayHeader(writer, VALUE_TYPE.string, value.value.length);
      for (const item of value.value) writer.string(item);
      return;
    case "i32[]":
      writeArrayHeader(writer, VALUE_TYPE.i32, value.value.length);
      for (const item of value.value) writer.i32(item);
      return;
    case "f32[]":
      writeArrayHeader(writer, VALUE_TYPE.f32, value.value.length);
      for (const item of value.value) writer.f32(item);
      return;
  }
}

function writeArrayHeader(writer: ByteWriter, elementType: number, length: number): void {
  writer.u32(VALUE_TYPE.array);
  writer.u32(elementType);
  writer.u64(length);
}

/** An append-only little-endian buffer that grows by doubling. */
class ByteWriter {
  private buffer = Buffer.alloc(64 * 1024);
  private length = 0;

  u32(value: number): void {
    this.reserve(4).writeUInt32LE(value, this.length);
    this.length += 4;
  }

  i32(value: number): void {
    this.reserve(4).writeInt32LE(value, this.length);
    this.length += 4;
  }

  u64(value: number): void {
    this.reserve(8).writeBigUInt64LE(BigInt(value), this.length);
    this.length += 8;
  }

  f32(value: number): void {
    this.reserve(4).writeFloatLE(value, this.length);
    this.length += 4;
  }

  /** A GGUF string: u64 byte length, then UTF-8 bytes (no terminator). */
  string(value: string): void {
    const encoded = Buffer.from(value, "utf8");
    this.u64(encoded.length);
    this.bytes(encoded);
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length).set(value, this.length);
    this.length += value.length;
  }

  padTo(alignment: number): void {
    const padding = alignOffset(this.length, alignment) - this.length;
    this.bytes(Buffer.alloc(padding));
  }

  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): Buffer {
    if (this.length + bytes <= this.buffer.length) return this.buffer;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const grown = Buffer.alloc(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
    return grown;
  }
}
