import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { TensorType } from "./ggml-types";
import { rowByteSize } from "./ggml-types";
import { alignOffset, encodeGgufHeader, type GgufTensorInfo } from "./gguf-header";
import { buildMetadata } from "./metadata";
import { MODEL_SHAPES, type ModelShape, type ModelShapeName, validateShape } from "./model-shapes";
import { encodeRow } from "./quantize";
import { planTensors } from "./tensor-plan";
import { buildVocabulary, SPECIAL_TOKENS } from "./vocabulary";

/** Options of {@link writeTestModel}. */
export interface WriteTestModelOptions {
  /** A preset name (`tiny`, `deepseek-coder-1.3b`) or a custom shape. */
  shape: ModelShapeName | ModelShape;
  /** Type of the weight matrices: `f16`, `q8_0` or `q4_0`. Norms are always F32. */
  type: TensorType;
  /** Where to write the `.gguf` file; parent folders are created. */
  outPath: string;
  /** PRNG seed (unsigned 32-bit); the same options and seed give the same bytes. Default 1. */
  seed?: number;
  /**
   * Make end-of-generation (and all other control) tokens practically never sampled, so generation
   * ends only by max tokens, a stop sequence or abort and "stream, then Stop" tests are not flaky.
   * Default true. See tensor-plan.ts for how.
   */
  suppressEndOfGeneration?: boolean;
  /** Make bytes that are not readable text on their own practically never sampled. Default true. */
  printableOutput?: boolean;
  /** Called after each chunk written, with bytes written so far and the final file size. */
  onProgress?: (writtenBytes: number, totalBytes: number) => void;
}

/** What was written. */
export interface WrittenTestModel {
  /** Absolute path of the file. */
  path: string;
  /** File size in bytes. */
  bytes: number;
  tensorCount: number;
  vocabularySize: number;
}

// Rows are encoded into a buffer of about this many bytes before each write, which keeps memory flat
// (a few MiB) however large the model is.
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Writes a random-weight `llama` model with a real GGUF v3 layout and a byte-level BPE tokenizer.
 * The file is written under a temporary name and renamed at the end, so `outPath` never holds a
 * half-written model.
 */
export async function writeTestModel(options: WriteTestModelOptions): Promise<WrittenTestModel> {
  const shape: ModelShape | undefined =
    typeof options.shape === "string" ? MODEL_SHAPES[options.shape] : options.shape;
  // The type allows only preset names, but callers from plain JavaScript or parsed input may not.
  if (shape === undefined) throw new Error(`unknown model shape "${String(options.shape)}"`);
  const seed = (options.seed ?? 1) >>> 0;
  const steering = {
    suppressEndOfGeneration: options.suppressEndOfGeneration ?? true,
    printableOutput: options.printableOutput ?? true,
  };
  validateShape(shape, SPECIAL_TOKENS.length);

  const specialTokensStart =
    shape.specialTokensStart ?? shape.vocabularySize - SPECIAL_TOKENS.length;
  const vocabulary = buildVocabulary(shape.vocabularySize, specialTokensStart, seed);
  const plans = planTensors(shape, options.type, seed, vocabulary.kinds, steering);

  const infos: GgufTensorInfo[] = [];
  let dataSize = 0;
  for (const plan of plans) {
    dataSize = alignOffset(dataSize);
    infos.push({ name: plan.name, dims: plan.dims, type: plan.type, offset: dataSize });
    dataSize += rowByteSize(plan.type, plan.rowLength) * plan.rowCount;
  }
  const header = encodeGgufHeader(
    buildMetadata({ shape, type: options.type, seed, vocabulary, steering }),
    infos,
  );
  const totalBytes = header.length + alignOffset(dataSize);

  const finalPath = path.resolve(options.outPath);
  // Unique per call, not just per process: vitest runs the global setup of several projects (and
  // test files in worker threads) concurrently in one process, possibly for the same target.
  const partialPath = `${finalPath}.partial-${process.pid}-${randomBytes(4).toString("hex")}`;
  await mkdir(path.dirname(finalPath), { recursive: true });
  const file = await open(partialPath, "w");
  try {
    let written = 0;
    const write = async (bytes: Buffer) => {
      await file.write(bytes, 0, bytes.length, written);
      written += bytes.length;
      options.onProgress?.(written, totalBytes);
    };
    await write(header);
    for (const plan of plans) {
      const rowBytes = rowByteSize(plan.type, plan.rowLength);
      const chunk = Buffer.alloc(Math.max(1, Math.floor(CHUNK_BYTES / rowBytes)) * rowBytes);
      const row = new Float32Array(plan.rowLength);
      const fillRow = plan.createRowFiller();
      let used = 0;
      for (let index = 0; index < plan.rowCount; index++) {
        fillRow(index, row);
        used = encodeRow(plan.type, row, chunk, used);
        if (used === chunk.length) {
          await write(chunk);
          used = 0;
        }
      }
      if (used > 0) await write(chunk.subarray(0, used));
      const padding = alignOffset(written) - written;
      if (padding > 0) await write(Buffer.alloc(padding));
    }
    await file.close();
    await rename(partialPath, finalPath);
  } catch (error) {
    // Also when the rename fails (say, `outPath` is a folder), so no `.partial-…` file is left.
    await file.close().catch(() => {});
    await rm(partialPath, { force: true });
    throw error;
  }
  return {
    path: finalPath,
    bytes: totalBytes,
    tensorCount: plans.length,
    vocabularySize: shape.vocabularySize,
  };
}
