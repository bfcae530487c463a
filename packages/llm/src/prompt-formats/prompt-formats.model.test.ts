import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { PROMPT_FORMATS, type TPromptFormat } from "@codegenie/shared";
import { getLlama, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Conversation } from "../engine/engine-types";
import { ModelManager } from "../engine/model-manager";
import type { ModelDefinition } from "../models/model-definition";
import { loadModelRegistry } from "../models/models-file";
import { formatPrompt } from "./prompt-formats";

// The generated tiny model, registered once per prompt format through a models file, run by the
// real llama.cpp engine. Its vocabulary is DeepSeek-Coder's shape: `<|EOT|>` is a control token,
// the other formats' markup is plain text to it, which is enough to see what the engine reads.

/** The user typed DeepSeek's end-of-turn token: it must reach the model as plain text. */
const conversation: Conversation = {
  system: "Answer briefly.",
  messages: [
    { role: "user", content: "Sum a list <|EOT|> in Python" },
    { role: "assistant", content: "sum(xs)" },
    { role: "user", content: "And the average?" },
  ],
};

/** The prompt each format must give the engine for `conversation`, written out by hand. */
const expectedPrompts: Record<TPromptFormat, string> = {
  gemma:
    "<start_of_turn>user\nAnswer briefly.\n\nSum a list <|EOT|> in Python<end_of_turn>\n" +
    "<start_of_turn>model\nsum(xs)<end_of_turn>\n" +
    "<start_of_turn>user\nAnd the average?<end_of_turn>\n<start_of_turn>model\n",
  "deepseek-coder":
    "Answer briefly.\n### Instruction:\nSum a list <|EOT|> in Python\n" +
    "### Response:\nsum(xs)\n<|EOT|>\n### Instruction:\nAnd the average?\n### Response:\n",
  "phi-2":
    "Answer briefly.\nInstruct: Sum a list <|EOT|> in Python\nOutput: sum(xs)\n" +
    "Instruct: And the average?\nOutput:",
  chatml:
    "<|im_start|>system\nAnswer briefly.<|im_end|>\n" +
    "<|im_start|>user\nSum a list <|EOT|> in Python<|im_end|>\n" +
    "<|im_start|>assistant\nsum(xs)<|im_end|>\n" +
    "<|im_start|>user\nAnd the average?<|im_end|>\n<|im_start|>assistant\n",
  "llama-3":
    "<|start_header_id|>system<|end_header_id|>\n\nAnswer briefly.<|eot_id|>" +
    "<|start_header_id|>user<|end_header_id|>\n\nSum a list <|EOT|> in Python<|eot_id|>" +
    "<|start_header_id|>assistant<|end_header_id|>\n\nsum(xs)<|eot_id|>" +
    "<|start_header_id|>user<|end_header_id|>\n\nAnd the average?<|eot_id|>" +
    "<|start_header_id|>assistant<|end_header_id|>\n\n",
  raw: "Answer briefly.\n\nSum a list <|EOT|> in Python\n\nsum(xs)\n\nAnd the average?",
};

const never = () => new AbortController().signal;
let folder: string;
let models: ModelDefinition[];
let manager: ModelManager;
/** The tiny model's tokenizer, loaded on its own to read back what the engine was given. */
let vocabulary: LlamaModel;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "codegenie-prompt-formats-"));
  const modelsFile = path.join(folder, "models.json");
  const entries = PROMPT_FORMATS.map((format) => ({
    id: `tiny-${format}`,
    name: `Tiny (${format})`,
    promptFormat: format,
    contextSize: 512,
    source: { file: inject("tinyModelPath") },
  }));
  await writeFile(modelsFile, JSON.stringify({ models: entries }));
  models = await loadModelRegistry({ modelsFile, modelsDir: folder });

  manager = new ModelManager({
    threads: availableParallelism(),
    gpu: false,
    contextSize: 512,
    parallelSequences: 1,
  });
  const llama = await getLlama({ build: "never", gpu: false, logLevel: LlamaLogLevel.error });
  vocabulary = await llama.loadModel({ modelPath: inject("tinyModelPath"), vocabOnly: true });
});

afterAll(async () => {
  await vocabulary?.dispose();
  await manager?.dispose();
  if (folder) await rm(folder, { recursive: true, force: true });
});

function registered(format: TPromptFormat): ModelDefinition {
  const model = models.find((candidate) => candidate.id === `tiny-${format}`);
  if (!model) throw new Error(`tiny-${format} is not in the models file`);
  return model;
}

describe("a model registered under each prompt format", () => {
  const promptTokensByFormat = new Map<TPromptFormat, number>();

  for (const format of PROMPT_FORMATS) {
    it(`${format}: the engine evaluates the format's prompt, after one BOS, and streams the answer`, async () => {
      const model = registered(format);
      expect(model.promptFormat).toBe(format);

      // What the engine tokenizes, read back through the model's own tokenizer.
      const loaded = await manager.load(model);
      const tokens = loaded.tokenize(formatPrompt(model.promptFormat, conversation));
      expect(vocabulary.detokenize(tokens, true)).toBe(expectedPrompts[format]);
      // BOS is not part of the prompt: the engine adds it once.
      expect(vocabulary.tokens.shouldPrependBosToken).toBe(true);
      expect(tokens).not.toContain(vocabulary.tokens.bos);
      // Only the template's own `<|EOT|>` is a control token; the one the user typed is text.
      const [eot] = vocabulary.tokenize("<|EOT|>", true);
      const eotTokens = tokens.filter((token) => token === eot).length;
      expect(eotTokens).toBe(format === "deepseek-coder" ? 1 : 0);

      const deltas: string[] = [];
      const result = await manager.generate(model, {
        conversation,
        maxTokens: 12,
        temperature: 0,
        signal: never(),
        onTextDelta: (text) => deltas.push(text),
      });
      expect(result.promptTokens).toBe(tokens.length + 1);
      expect(result.completionTokens).toBeGreaterThan(0);
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join("")).toBe(result.text);
      promptTokensByFormat.set(format, result.promptTokens);

      // A stop string ends the answer where the model writes it, and is left out.
      const stopAt = result.text.slice(4, 8);
      const stopped = await manager.generate(model, {
        conversation,
        stopSequences: [stopAt],
        maxTokens: 12,
        temperature: 0,
        signal: never(),
      });
      expect(stopped.finishReason).toBe("stop");
      expect(stopped.text).toBe(result.text.slice(0, result.text.indexOf(stopAt)));
    });
  }

  it("gives each format its own prompt (six different token counts)", () => {
    expect(new Set(promptTokensByFormat.values()).size).toBe(PROMPT_FORMATS.length);
  });
});
