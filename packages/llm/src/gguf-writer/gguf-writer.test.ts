import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { GGMLQuantizationType, type GGUFParseOutput, gguf } from "@huggingface/gguf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEEPSEEK_CODER_CHAT_TEMPLATE } from "./chat-template";
import { MODEL_SHAPES, SPECIAL_TOKENS, type TensorType, writeTestModel } from "./index";

const shape = MODEL_SHAPES.tiny;
const execFileAsync = promisify(execFile);
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "gguf-writer-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Reads a written file back with an independent GGUF parser. */
async function parse(file: string): Promise<GGUFParseOutput & { kv: Record<string, unknown> }> {
  const parsed = await gguf(file, { allowLocalFile: true });
  return { ...parsed, kv: parsed.metadata as Record<string, unknown> };
}

// Bytes per element of each ggml type, from the GGUF spec (blocks of 32 for the quantized ones).
const BYTES_PER_ELEMENT: Partial<Record<GGMLQuantizationType, number>> = {
  [GGMLQuantizationType.F32]: 4,
  [GGMLQuantizationType.F16]: 2,
  [GGMLQuantizationType.Q8_0]: 34 / 32,
  [GGMLQuantizationType.Q4_0]: 18 / 32,
};
const MATRIX_TYPE: Record<TensorType, GGMLQuantizationType> = {
  f16: GGMLQuantizationType.F16,
  q8_0: GGMLQuantizationType.Q8_0,
  q4_0: GGMLQuantizationType.Q4_0,
};

describe.each(["f16", "q8_0", "q4_0"] as const)("a tiny %s model", (type) => {
  let file: string;
  let written: Awaited<ReturnType<typeof writeTestModel>>;
  let parsed: Awaited<ReturnType<typeof parse>>;

  beforeAll(async () => {
    file = path.join(folder, `tiny-${type}.gguf`);
    written = await writeTestModel({ shape: "tiny", type, outPath: file });
    parsed = await parse(file);
  });

  it("is GGUF v3 llama with the shape's dimensions", () => {
    expect(parsed.metadata.version).toBe(3);
    expect(parsed.kv).toMatchObject({
      "general.architecture": "llama",
      "llama.embedding_length": shape.embeddingLength,
      "llama.block_count": shape.blockCount,
      "llama.feed_forward_length": shape.feedForwardLength,
      "llama.attention.head_count": shape.headCount,
      "llama.attention.head_count_kv": shape.headCountKv,
      "llama.context_length": shape.contextLength,
      "llama.vocab_size": shape.vocabularySize,
    });
  });

  it("carries the tokenizer: every token, BOS/EOS, the chat template", () => {
    const tokens = parsed.kv["tokenizer.ggml.tokens"] as string[];
    expect(tokens).toHaveLength(shape.vocabularySize);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens[parsed.kv["tokenizer.ggml.bos_token_id"] as number]).toBe(SPECIAL_TOKENS[0]);
    expect(tokens[parsed.kv["tokenizer.ggml.eos_token_id"] as number]).toBe("<|EOT|>");
    expect(parsed.kv["tokenizer.chat_template"]).toBe(DEEPSEEK_CODER_CHAT_TEMPLATE);
  });

  it(`has 3 + 9 × blocks tensors: F32 norms, ${type} matrices`, () => {
    expect(parsed.tensorInfos).toHaveLength(3 + 9 * shape.blockCount);
    expect(Number(parsed.metadata.tensor_count)).toBe(parsed.tensorInfos.length);
    expect(written.tensorCount).toBe(parsed.tensorInfos.length);
    for (const tensor of parsed.tensorInfos) {
      const expected = tensor.name.endsWith("norm.weight")
        ? GGMLQuantizationType.F32
        : MATRIX_TYPE[type];
      expect({ name: tensor.name, dtype: tensor.dtype }).toEqual({
        name: tensor.name,
        dtype: expected,
      });
    }
    const byName = new Map(parsed.tensorInfos.map((tensor) => [tensor.name, tensor.shape]));
    const kvWidth = (shape.embeddingLength / shape.headCount) * shape.headCountKv;
    expect(byName.get("token_embd.weight")).toEqual([64n, 512n]);
    expect(byName.get("blk.1.attn_k.weight")).toEqual([64n, BigInt(kvWidth)]);
    expect(byName.get("blk.1.ffn_down.weight")).toEqual([128n, 64n]);
  });

  it("is exactly as long as the header and the aligned tensor data", async () => {
    let end = 0;
    for (const tensor of parsed.tensorInfos) {
      const offset = Number(tensor.offset);
      expect(offset % 32, tensor.name).toBe(0);
      expect(offset, `${tensor.name} overlaps the tensor before it`).toBeGreaterThanOrEqual(end);
      const elements = tensor.shape.reduce((product, dim) => product * Number(dim), 1);
      end = offset + elements * (BYTES_PER_ELEMENT[tensor.dtype] ?? Number.NaN);
    }
    const expectedSize = Number(parsed.tensorDataOffset) + Math.ceil(end / 32) * 32;
    expect((await stat(file)).size).toBe(expectedSize);
    expect(written.bytes).toBe(expectedSize);
  });
});

describe("writeTestModel", () => {
  it("writes the same bytes for the same seed and different bytes for another", async () => {
    const write = async (name: string, seed: number) => {
      const outPath = path.join(folder, name);
      await writeTestModel({ shape: "tiny", type: "q4_0", seed, outPath });
      return readFile(outPath);
    };
    const first = await write("seed-1a.gguf", 1);
    expect((await write("seed-1b.gguf", 1)).equals(first)).toBe(true);
    expect((await write("seed-2.gguf", 2)).equals(first)).toBe(false);
  });

  it("rejects an invalid shape naming the field, and writes nothing", async () => {
    const target = path.join(folder, "invalid", "model.gguf");
    const written = writeTestModel({
      shape: { ...shape, embeddingLength: 60 },
      type: "q8_0",
      outPath: target,
    });
    await expect(written).rejects.toThrow(/embeddingLength must be a multiple of 32/);
    await expect(stat(path.dirname(target))).rejects.toThrow(/ENOENT/);
  });

  it("leaves the previous file intact and no partial file when a write fails", async () => {
    const target = path.join(folder, "interrupted", "model.gguf");
    await writeTestModel({ shape: "tiny", type: "q8_0", outPath: target });
    const before = await readFile(target);
    const failing = writeTestModel({
      shape: "tiny",
      type: "f16",
      outPath: target,
      onProgress: (writtenBytes) => {
        if (writtenBytes > 1000) throw new Error("disk full");
      },
    });
    await expect(failing).rejects.toThrow("disk full");
    expect(await readdir(path.dirname(target))).toEqual(["model.gguf"]);
    expect((await readFile(target)).equals(before)).toBe(true);
  });

  it("leaves no partial file when the target cannot be replaced", async () => {
    const target = path.join(folder, "occupied", "model.gguf");
    await mkdir(target, { recursive: true });
    await expect(
      writeTestModel({ shape: "tiny", type: "q8_0", outPath: target }),
    ).rejects.toThrow();
    expect(await readdir(path.dirname(target))).toEqual(["model.gguf"]);
  });

  it("lets concurrent writers in one process write the same target", async () => {
    // What vitest does when the `model` and `e2e` projects' global setups both build the cache.
    const target = path.join(folder, "concurrent", "model.gguf");
    const options = { shape: "tiny", type: "q8_0", outPath: target } as const;
    await Promise.all([writeTestModel(options), writeTestModel(options)]);
    expect(await readdir(path.dirname(target))).toEqual(["model.gguf"]);
    expect((await parse(target)).tensorInfos).toHaveLength(3 + 9 * shape.blockCount);
  });

  it("reports progress up to the final file size", async () => {
    const calls: [number, number][] = [];
    const written = await writeTestModel({
      shape: "tiny",
      type: "q8_0",
      outPath: path.join(folder, "progress.gguf"),
      onProgress: (writtenBytes, totalBytes) => calls.push([writtenBytes, totalBytes]),
    });
    expect(calls.at(-1)).toEqual([written.bytes, written.bytes]);
  });
});

describe("make-test-model CLI", () => {
  const packageFolder = fileURLToPath(new URL("../..", import.meta.url));
  const runCli = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const command = [
      process.execPath,
      ["--import", "tsx", "src/gguf-writer/cli.ts", ...args],
    ] as const;
    try {
      const { stdout, stderr } = await execFileAsync(...command, {
        cwd: packageFolder,
        env: { ...process.env, INIT_CWD: undefined, ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code: number; stdout: string; stderr: string };
      return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
    }
  };

  it("writes a model that parses, resolving --out against where npm was run", async () => {
    // npm sets INIT_CWD to the user's folder while running the script in packages/llm.
    const result = await runCli(["--type", "q4_0", "--seed", "7", "--out", "cli/tiny.gguf"], {
      INIT_CWD: folder,
    });
    const file = path.join(folder, "cli", "tiny.gguf");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(file);
    const parsed = await parse(file);
    expect(parsed.kv["codegenie.seed"]).toBe(7);
    expect(parsed.tensorInfos[0]?.dtype).toBe(GGMLQuantizationType.Q4_0);
  });

  it("exits 2 naming the option when an option is bad", async () => {
    const [badType, unknown, missingOut] = await Promise.all([
      runCli(["--type", "q5_k", "--out", path.join(folder, "bad.gguf")]),
      runCli(["--typo", "q8_0", "--out", path.join(folder, "bad.gguf")]),
      runCli([]),
    ]);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toMatch(/--type must be one of f16, q8_0, q4_0, got "q5_k"/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--typo");
    expect(missingOut.code).toBe(2);
    expect(missingOut.stderr).toContain("--out is required");
    await expect(stat(path.join(folder, "bad.gguf"))).rejects.toThrow(/ENOENT/);
  });
});
