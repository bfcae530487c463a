import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildTestApp, type TestApp } from "@codegenie/server/testing";
import type { TPromptFormat } from "@codegenie/shared";

/**
 * One entry of the server's models file (CODEGENIE_MODELS_FILE): a local GGUF `file`, or a
 * remote model on OpenAI-compatible servers (`source.openai`, e.g. the test double in
 * `@codegenie/llm/remote/testing`).
 */
export type TestModelEntry = {
  id: string;
  name: string;
  promptFormat: TPromptFormat;
} & (
  | {
      /** Absolute path of the GGUF file; a path that does not exist makes the model unavailable. */
      file: string;
    }
  | { source: { openai: { baseUrls: string[]; model: string } } }
);

/**
 * A model whose file does not exist: for tests that need no model (the models file must list at
 * least one), without loading the engine.
 */
export const ABSENT_MODEL: TestModelEntry = {
  id: "absent",
  name: "Absent model",
  promptFormat: "phi-2",
  file: "/nonexistent/absent.gguf",
};

/** A real CodeGenie server listening on a free loopback port. */
export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  app: TestApp["app"];
  /** Stops the server and deletes its data folder and models file. */
  close(): Promise<void>;
}

/**
 * Starts the real server in-process (real database, real llama.cpp engine, the built web app
 * from apps/web/dist) with the given models. `env` adds or overrides environment variables.
 */
export async function startServer(
  models: readonly TestModelEntry[],
  env: Record<string, string> = {},
): Promise<TestServer> {
  const configDir = await mkdtemp(path.join(tmpdir(), "codegenie-e2e-"));
  const modelsFile = path.join(configDir, "models.json");
  await writeFile(
    modelsFile,
    JSON.stringify({
      models: models.map((model) => {
        if (!("file" in model)) return model;
        const { file, ...rest } = model;
        return { ...rest, source: { file } };
      }),
    }),
  );
  const testApp = await buildTestApp({
    CODEGENIE_MODELS_FILE: modelsFile,
    LOG_LEVEL: "warn",
    ...env,
  });
  const url = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  return {
    url,
    app: testApp.app,
    async close() {
      await testApp.close();
      await rm(configDir, { recursive: true, force: true });
    },
  };
}
