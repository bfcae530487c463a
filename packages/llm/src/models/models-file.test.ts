import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localModelFile } from "./model-definition";
import { loadModelRegistry, ModelsFileError } from "./models-file";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "codegenie-registry-"));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

describe("loadModelRegistry", () => {
  it("lists the three built-in models, with their Q4_K_M files in the models folder", async () => {
    const models = await loadModelRegistry({
      modelsFile: path.join(folder, "models.json"),
      modelsDir: "/srv/models",
    });
    expect(models.map((model) => [model.id, model.promptFormat, localModelFile(model)])).toEqual([
      ["gemma-2b-it", "gemma", "/srv/models/gemma-2b-it.Q4_K_M.gguf"],
      [
        "deepseek-coder-1.3b-instruct",
        "deepseek-coder",
        "/srv/models/deepseek-coder-1.3b-instruct.Q4_K_M.gguf",
      ],
      ["phi-2", "phi-2", "/srv/models/phi-2.Q4_K_M.gguf"],
    ]);
  });

  it("reads the models file, resolving relative paths against its folder", async () => {
    const modelsFile = path.join(folder, "models.json");
    await writeFile(
      modelsFile,
      JSON.stringify({
        models: [
          { id: "mine", name: "Mine", promptFormat: "phi-2", source: { file: "w/mine.gguf" } },
          { id: "abs", name: "Abs", promptFormat: "gemma", source: { file: "/m/abs.gguf" } },
        ],
      }),
    );
    const models = await loadModelRegistry({ modelsFile, modelsDir: "/unused" });
    expect(models).toMatchObject([
      {
        id: "mine",
        name: "Mine",
        promptFormat: "phi-2",
        contextSize: 4096,
        source: { kind: "file", file: path.join(folder, "w", "mine.gguf") },
      },
      {
        id: "abs",
        name: "Abs",
        promptFormat: "gemma",
        source: { kind: "file", file: "/m/abs.gguf" },
      },
    ]);
  });

  it("reads an OpenAI-compatible source with its limit of concurrent requests", async () => {
    const modelsFile = path.join(folder, "models.json");
    const openai = { baseUrls: ["http://gpu-1:8000/v1"], model: "served" };
    await writeFile(
      modelsFile,
      JSON.stringify({
        models: [
          {
            id: "limited",
            name: "Limited",
            promptFormat: "chatml",
            source: { openai: { ...openai, maxConcurrentRequests: 4 } },
          },
          { id: "default", name: "Default", promptFormat: "chatml", source: { openai } },
        ],
      }),
    );
    const models = await loadModelRegistry({ modelsFile, modelsDir: folder });
    expect(models.map((model) => model.source)).toEqual([
      { kind: "openai", ...openai, maxConcurrentRequests: 4 },
      { kind: "openai", ...openai },
    ]);
  });

  it.each([0, -1, 2.5, "8"])(
    "refuses maxConcurrentRequests %j, naming the field",
    async (value) => {
      const modelsFile = path.join(folder, "models.json");
      const openai = {
        baseUrls: ["http://gpu-1:8000/v1"],
        model: "served",
        maxConcurrentRequests: value,
      };
      await writeFile(
        modelsFile,
        JSON.stringify({
          models: [{ id: "bad", name: "Bad", promptFormat: "chatml", source: { openai } }],
        }),
      );
      const attempt = loadModelRegistry({ modelsFile, modelsDir: folder });
      await expect(attempt).rejects.toBeInstanceOf(ModelsFileError);
      await expect(attempt).rejects.toThrow("models.0.source.openai.maxConcurrentRequests");
    },
  );

  it("refuses duplicate ids and unknown prompt formats, naming the file", async () => {
    const modelsFile = path.join(folder, "models.json");
    const entry = { id: "twice", name: "Twice", promptFormat: "phi-2", source: { file: "a" } };
    await writeFile(modelsFile, JSON.stringify({ models: [entry, entry] }));
    await expect(loadModelRegistry({ modelsFile, modelsDir: folder })).rejects.toThrow(/unique/);
    await writeFile(modelsFile, JSON.stringify({ models: [{ ...entry, promptFormat: "alpaca" }] }));
    const attempt = loadModelRegistry({ modelsFile, modelsDir: folder });
    await expect(attempt).rejects.toBeInstanceOf(ModelsFileError);
    await expect(attempt).rejects.toThrow(`${modelsFile} is not a valid models file`);
  });
});
