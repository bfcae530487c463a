import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../testing/test-app";

let testApp: TestApp | undefined;
afterEach(() => testApp?.close());

describe("GET /api/models", () => {
  it("lists the three built-in models, not yet downloaded, when there is no models file", async () => {
    testApp = await buildTestApp();
    const response = await testApp.app.inject({ method: "GET", url: "/api/models" });
    expect(response.statusCode).toBe(200);
    expect(response.json().models).toEqual([
      { id: "gemma-2b-it", name: "Gemma 2B Instruct", promptFormat: "gemma", isAvailable: false },
      {
        id: "deepseek-coder-1.3b-instruct",
        name: "DeepSeek-Coder 1.3B Instruct",
        promptFormat: "deepseek-coder",
        isAvailable: false,
      },
      { id: "phi-2", name: "Phi-2", promptFormat: "phi-2", isAvailable: false },
    ]);
  });

  it("lists the models of the models file, available when their file exists", async () => {
    testApp = await buildTestApp();
    const modelsFile = path.join(testApp.dataDir, "custom-models.json");
    await writeFile(path.join(testApp.dataDir, "present.gguf"), "weights");
    await writeFile(
      modelsFile,
      JSON.stringify({
        models: [
          { id: "here", name: "Here", promptFormat: "phi-2", source: { file: "present.gguf" } },
          { id: "gone", name: "Gone", promptFormat: "gemma", source: { file: "missing.gguf" } },
        ],
      }),
    );
    await testApp.close();
    testApp = await buildTestApp({ CODEGENIE_MODELS_FILE: modelsFile });
    const response = await testApp.app.inject({ method: "GET", url: "/api/models" });
    expect(response.json().models).toEqual([
      { id: "here", name: "Here", promptFormat: "phi-2", isAvailable: true },
      { id: "gone", name: "Gone", promptFormat: "gemma", isAvailable: false },
    ]);
  });
});
