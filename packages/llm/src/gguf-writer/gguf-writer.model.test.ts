import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  getLlama,
  type Llama,
  type LlamaContext,
  LlamaLogLevel,
  type LlamaModel,
  type Token,
} from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MODEL_SHAPES, SPECIAL_TOKENS, writeTestModel } from "./index";

// The real llama.cpp engine on generated models: what the server's tests rely on.

// More threads than cores makes llama.cpp's spinning threads collapse decode speed (DESIGN §7).
const threads = os.availableParallelism();
const specialTokensStart = MODEL_SHAPES.tiny.vocabularySize - SPECIAL_TOKENS.length;
const BOS = "<｜begin▁of▁sentence｜>";
const EOS = "<|EOT|>";
let llama: Llama;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "gguf-writer-model-"));
  // Warnings off: llama.cpp warns that EOS (<|EOT|>) is not an end-of-generation token by its
  // text, exactly as for the real DeepSeek-Coder file, and then treats it as one.
  llama = await getLlama({
    build: "never",
    gpu: false,
    maxThreads: threads,
    logLevel: LlamaLogLevel.error,
  });
});
afterAll(async () => {
  await llama?.dispose();
  await rm(folder, { recursive: true, force: true });
});

describe.each(["q8_0", "f16", "q4_0"] as const)("llama.cpp on the tiny %s model", (type) => {
  let model: LlamaModel;
  let context: LlamaContext;

  beforeAll(async () => {
    // q8_0 is the shared one from test/global-setup.ts; the others are written here.
    const modelPath =
      type === "q8_0"
        ? inject("tinyModelPath")
        : (
            await writeTestModel({
              shape: "tiny",
              type,
              outPath: path.join(folder, `${type}.gguf`),
            })
          ).path;
    model = await llama.loadModel({ modelPath, useMmap: false });
    context = await model.createContext({ contextSize: 512, threads });
  });
  afterAll(async () => {
    await context?.dispose();
    await model?.dispose();
  });

  it("round-trips code with special tokens through its tokenizer", () => {
    const code = "def add(a, b):\n    return a + b  # é → 中\n";
    const text = `${BOS}${code}${EOS}`;
    const tokens = model.tokenize(text, true);
    expect(tokens[0]).toBe(model.tokens.bos);
    expect(tokens.at(-1)).toBe(model.tokens.eos);
    expect(model.detokenize(tokens, true)).toBe(text);
    // The BPE merges work: common code pieces are single tokens, not one token per byte.
    expect(model.tokenize(" return", false)).toHaveLength(1);
    expect(tokens.length).toBeLessThan(Buffer.byteLength(text));
    // Without special-token parsing, user text that spells a special token stays plain text.
    expect(model.tokenize(text, false)).not.toContain(model.tokens.eos);
  });

  it("uses the BOS and EOS tokens the writer declared", () => {
    expect(model.tokens.bos).toBe(specialTokensStart + SPECIAL_TOKENS.indexOf(BOS));
    expect(model.tokens.bosString).toBe(BOS);
    expect(model.tokens.eos).toBe(specialTokensStart + SPECIAL_TOKENS.indexOf(EOS));
    expect(model.tokens.eosString).toBe(EOS);
    expect(model.isEogToken(model.tokens.eos ?? undefined)).toBe(true);
  });

  it("generates printable text and never an end-of-generation token", async () => {
    const sequence = context.getSequence();
    const prompt = model.tokenize(`${BOS}def fibonacci(n):\n`, true);
    const generated: Token[] = [];
    try {
      // Temperature 1 samples widely, so a token the writer failed to suppress would show up.
      for await (const token of sequence.evaluate(prompt, {
        temperature: 1,
        seed: 42,
        yieldEogToken: true,
      })) {
        generated.push(token);
        if (generated.length === 50) break;
      }
    } finally {
      sequence.dispose();
    }
    expect(generated).toHaveLength(50);
    expect(generated.filter((token) => model.isEogToken(token))).toEqual([]);
    const text = model.detokenize(generated, true);
    expect(SPECIAL_TOKENS.filter((special) => text.includes(special))).toEqual([]);
    expect(text).not.toContain("\uFFFD");
    const unprintable = [...text].filter((char) => /\p{Cc}/u.test(char) && !"\n\t".includes(char));
    expect(unprintable).toEqual([]);
    expect(text.trim().length).toBeGreaterThan(20);
  });
});
