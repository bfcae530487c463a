import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatPrompt } from "../prompt-formats/prompt-formats";
import { builtInModelFileName, builtInModels } from "./built-in-models";

describe("builtInModels", () => {
  const models = builtInModels("/srv/models");

  it("offers Gemma-2b-it, DeepSeek-Coder-1.3b-instruct and Phi-2 with their own prompt formats", () => {
    expect(
      models.map(({ id, promptFormat, task, contextSize }) => ({
        id,
        promptFormat,
        task,
        contextSize,
      })),
    ).toEqual([
      { id: "gemma-2b-it", promptFormat: "gemma", task: "general", contextSize: 8192 },
      {
        id: "deepseek-coder-1.3b-instruct",
        promptFormat: "deepseek-coder",
        task: "code",
        contextSize: 16384,
      },
      { id: "phi-2", promptFormat: "phi-2", task: "reasoning", contextSize: 2048 },
    ]);
  });

  it("downloads 4-bit Q4_K_M GGUF files from Hugging Face into the models folder", () => {
    for (const model of models) {
      expect(model.source).toMatchObject({ kind: "hf", revision: "main" });
      if (model.source.kind !== "hf") continue;
      expect(model.source.repo).toMatch(/^[\w.-]+\/[\w.-]+-GGUF$/);
      expect(model.source.file.toLowerCase()).toMatch(/q4_k_m\.gguf$/);
      expect(model.source.localFile).toBe(path.join("/srv/models", builtInModelFileName(model.id)));
    }
    expect(builtInModelFileName("phi-2")).toBe("phi-2.Q4_K_M.gguf");
  });

  it("describes each model and gives it sensible default sampling", () => {
    for (const model of models) {
      expect(model.name).not.toBe("");
      expect(model.description.length).toBeGreaterThan(20);
      expect(model.defaultSampling.temperature).toBeGreaterThan(0);
      expect(model.defaultSampling.temperature).toBeLessThanOrEqual(1);
      expect(model.defaultSampling.topP).toBeGreaterThan(0);
      expect(model.defaultSampling.topP).toBeLessThanOrEqual(1);
    }
  });

  it("stops each model at its end-of-turn text", () => {
    const stops = models.map(
      (model) => formatPrompt(model.promptFormat, { messages: [] }).stopSequences,
    );
    expect(stops[0]).toContain("<end_of_turn>");
    expect(stops[1]).toContain("<|EOT|>");
    expect(stops[2]).toEqual(expect.arrayContaining(["\nInstruct:", "<|endoftext|>"]));
  });

  it("gives every caller its own copy, so changing one list leaves the next alone", () => {
    const first = builtInModels("/a");
    const [gemma] = first;
    if (gemma) gemma.defaultSampling.temperature = 2;
    expect(builtInModels("/a")[0]?.defaultSampling.temperature).toBe(0.7);
  });
});
