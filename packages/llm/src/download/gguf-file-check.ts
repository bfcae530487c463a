import { open, stat } from "node:fs/promises";
import path from "node:path";
import { type GgufTensorInfo, readGgufFileInfo } from "node-llama-cpp";
import { LlmError } from "../errors";

/** What a GGUF file's header says. */
export interface GgufFileSummary {
  /** GGUF format version (2 or 3). */
  version: number;
  tensorCount: number;
  /** `general.architecture`, e.g. `llama`. */
  architecture: string;
  /** File size in bytes. */
  bytes: number;
}

// Bytes per block and elements per block of the ggml tensor types whose layout is fixed
// (ggml.c's type_traits); other types are only checked to start inside the file.
const BLOCK_LAYOUT: Readonly<Record<number, { elements: number; bytes: number }>> = {
  0: { elements: 1, bytes: 4 }, // F32
  1: { elements: 1, bytes: 2 }, // F16
  2: { elements: 32, bytes: 18 }, // Q4_0
  3: { elements: 32, bytes: 20 }, // Q4_1
  6: { elements: 32, bytes: 22 }, // Q5_0
  7: { elements: 32, bytes: 24 }, // Q5_1
  8: { elements: 32, bytes: 34 }, // Q8_0
  9: { elements: 32, bytes: 36 }, // Q8_1
  10: { elements: 256, bytes: 84 }, // Q2_K
  11: { elements: 256, bytes: 110 }, // Q3_K
  12: { elements: 256, bytes: 144 }, // Q4_K
  13: { elements: 256, bytes: 176 }, // Q5_K
  14: { elements: 256, bytes: 210 }, // Q6_K
  15: { elements: 256, bytes: 292 }, // Q8_K
  30: { elements: 1, bytes: 2 }, // BF16
};

const GGUF_MAGIC = "GGUF";

/**
 * Checks that `filePath` is a whole GGUF model before anyone loads it: the magic and version,
 * a parsable header with at least one tensor, and every tensor's data inside the file (a
 * truncated download fails here). Throws LlmError `invalid-file` saying what is wrong; never
 * lets a parser error escape.
 */
export async function checkGgufFile(filePath: string): Promise<GgufFileSummary> {
  const { size } = await stat(filePath);
  const magic = await readMagic(filePath);
  if (magic !== GGUF_MAGIC) {
    throw invalid(
      filePath,
      `it does not start with the GGUF magic (found ${describeBytes(magic)})`,
    );
  }

  let info: Awaited<ReturnType<typeof readGgufFileInfo>>;
  try {
    info = await readGgufFileInfo(filePath, {
      sourceType: "filesystem",
      logWarnings: false,
      spliceSplitFiles: false,
      // The vocabulary is the bulk of the header and not needed to check the layout.
      ignoreKeys: ["tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.merges"],
    });
  } catch (error) {
    throw invalid(filePath, `its header cannot be read (${(error as Error).message})`, error);
  }
  if (info.version !== 2 && info.version !== 3) {
    throw invalid(filePath, `GGUF version ${info.version} is not supported (2 or 3)`);
  }
  const tensorCount = Number(info.tensorCount);
  if (tensorCount < 1 || info.tensorInfo === undefined) {
    throw invalid(filePath, "it holds no tensors");
  }
  const dataEnd = Math.max(...info.tensorInfo.map(tensorEnd));
  if (dataEnd > size) {
    throw invalid(
      filePath,
      `it is truncated: its tensors need ${dataEnd} bytes but the file has ${size}`,
    );
  }
  return {
    version: info.version,
    tensorCount,
    architecture: String(info.metadata.general?.architecture ?? "unknown"),
    bytes: size,
  };
}

/** Where a tensor's data ends in the file (its start when the type's layout is not known). */
function tensorEnd(tensor: GgufTensorInfo): number {
  const start = Number(tensor.fileOffset);
  const layout = BLOCK_LAYOUT[tensor.ggmlType];
  if (layout === undefined) return start + 1;
  const elements = tensor.dimensions.reduce<number>((product, size) => product * Number(size), 1);
  return start + Math.ceil(elements / layout.elements) * layout.bytes;
}

async function readMagic(filePath: string): Promise<string> {
  const handle = await open(filePath, "r");
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead).toString("latin1");
  } finally {
    await handle.close();
  }
}

function describeBytes(text: string): string {
  if (text.length === 0) return "an empty file";
  return JSON.stringify(text);
}

function invalid(filePath: string, reason: string, cause?: unknown): LlmError {
  // The name only: messages reach API clients, who need not learn the server's folders.
  const name = path.basename(filePath);
  return new LlmError("invalid-file", `${name} is not a valid GGUF model: ${reason}.`, {
    cause,
  });
}
