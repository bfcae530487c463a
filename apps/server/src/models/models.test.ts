import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp } from "../testing/test-app";

let testApp: TestApp | undefined;
afterEach(async () => {
  await testApp?.close();
  testApp = undefined;
});

describe("GET /api/models", () => {
  it("lists the three built-in models, not yet downloaded, when there is no models file", async () => {
    testApp = await buildTestApp();
    const { headers } = await signUpUser(testApp.app);
    const response = await testApp.app.inject({ method: "GET", url: "/api/models", headers });
    expect(response.statusCode).toBe(200);
    expect(response.json().models).toMatchObject([
      { id: "gemma-2b-it", name: "Gemma 2B Instruct", promptFormat: "gemma", isAvailable: false },
      {
        id: "deepseek-coder-1.3b-instruct",
        name: "DeepSeek-Coder 1.3B Instruct",
        promptFormat: "deepseek-coder",
        isAvailable: false,
      },
      { id: "phi-2", name: "Phi-2", promptFormat: "phi-2", isAvailable: false },
    ]);
    for (const model of response.json().models) {
      expect(model).toMatchObject({
        status: "not_downloaded",
        isDownloadable: true,
        engine: "embedded",
      });
    }
  });

  it("lists the models of the models file, available when their file exists", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "codegenie-models-"));
    const modelsFile = path.join(folder, "custom-models.json");
    await writeFile(path.join(folder, "present.gguf"), "weights");
    await writeFile(
      modelsFile,
      JSON.stringify({
        models: [
          { id: "here", name: "Here", promptFormat: "phi-2", source: { file: "present.gguf" } },
          { id: "gone", name: "Gone", promptFormat: "gemma", source: { file: "missing.gguf" } },
        ],
      }),
    );
    testApp = await buildTestApp({ CODEGENIE_MODELS_FILE: modelsFile });
    const { headers } = await signUpUser(testApp.app);
    const response = await testApp.app.inject({ method: "GET", url: "/api/models", headers });
    expect(response.json().models).toMatchObject([
      { id: "here", name: "Here", promptFormat: "phi-2", isAvailable: true, status: "ready" },
      {
        id: "gone",
        name: "Gone",
        promptFormat: "gemma",
        isAvailable: false,
        isDownloadable: false,
      },
    ]);
    await rm(folder, { recursive: true, force: true });
  });

  it("refuses to start with a models file that is not valid, naming the file and the field", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "codegenie-models-"));
    const modelsFile = path.join(folder, "models.json");
    await writeFile(
      modelsFile,
      JSON.stringify({ models: [{ id: "Bad Id", name: "x", promptFormat: "gpt", source: {} }] }),
    );
    await expect(buildTestApp({ CODEGENIE_MODELS_FILE: modelsFile })).rejects.toThrow(
      /models\.json is not a valid models file[\s\S]*models\.0\.id[\s\S]*models\.0\.promptFormat/,
    );
    await writeFile(modelsFile, "{ not json");
    await expect(buildTestApp({ CODEGENIE_MODELS_FILE: modelsFile })).rejects.toThrow(
      /is not valid JSON/,
    );
    await rm(folder, { recursive: true, force: true });
  });
});
