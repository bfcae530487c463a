import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type OpenAiTestServer, startOpenAiTestServer } from "@codegenie/llm/remote/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database";
import {
  buildTestApp,
  createTestDatabase,
  signUpUser,
  type TestApp,
  type TestModelsFile,
  writeTestModelsFile,
} from "../testing/test-app";

// One app with an embedded model (a file the test creates and deletes; /readyz only needs the
// weights on disk, never loads them) and a remote model served by the OpenAI-compatible test
// server (a stand-in for vLLM, which cannot run here), on a database the test can close.
let testApp: TestApp;
let database: DatabaseHandle;
let remote: OpenAiTestServer;
let modelsFile: TestModelsFile;
let weightsFile: string;
beforeAll(async () => {
  remote = await startOpenAiTestServer();
  modelsFile = await writeTestModelsFile([
    { id: "local", name: "Local", promptFormat: "phi-2", source: { file: "local.gguf" } },
    {
      id: "remote",
      name: "Remote",
      promptFormat: "deepseek-coder",
      source: { openai: { baseUrls: [remote.baseUrl], model: "served-model" } },
    },
  ]);
  weightsFile = path.join(path.dirname(modelsFile.file), "local.gguf");
  database = await createTestDatabase();
  testApp = await buildTestApp({ CODEGENIE_MODELS_FILE: modelsFile.file }, { database });
});
afterAll(async () => {
  await testApp.close();
  await remote.close();
  await modelsFile.remove();
});

async function readyz() {
  const response = await testApp.app.inject({ method: "GET", url: "/readyz" });
  return { status: response.statusCode, body: response.json() };
}

describe("health endpoints", () => {
  it("/healthz says the process is up", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("/readyz is ready while an embedded model's weights are on disk, even with the remote server down", async () => {
    await remote.setFailure({ kind: "refuse" });
    await writeFile(weightsFile, "GGUF weights");
    try {
      expect(await readyz()).toEqual({
        status: 200,
        body: {
          status: "ready",
          checks: { database: true, models: true, acceptingRequests: true },
        },
      });
    } finally {
      await rm(weightsFile, { force: true });
      await remote.setFailure({ kind: "none" });
    }
  });

  it("/readyz is ready with no weights on disk while a remote model's server answers", async () => {
    expect(await readyz()).toMatchObject({ status: 200, body: { checks: { models: true } } });
  });

  it("/readyz is 503 while no model is reachable (no weights, the remote server down)", async () => {
    await remote.setFailure({ kind: "refuse" });
    expect(await readyz()).toEqual({
      status: 503,
      body: {
        status: "not_ready",
        checks: { database: true, models: false, acceptingRequests: true },
      },
    });
    await remote.setFailure({ kind: "none" });
    expect((await readyz()).status).toBe(200);
  });

  it("/readyz is 503 once shutting down, and requests are refused", async () => {
    const user = await signUpUser(testApp.app);
    testApp.app.lifecycle.isShuttingDown = true;
    try {
      const draining = await readyz();
      expect(draining.status).toBe(503);
      expect(draining.body.checks).toEqual({
        database: true,
        models: true,
        acceptingRequests: false,
      });

      const generate = await testApp.app.inject({
        method: "POST",
        url: "/api/generate",
        headers: user.headers,
        payload: { model: "remote", prompt: "hello" },
      });
      expect(generate.statusCode).toBe(503);
      expect(generate.json().error.code).toBe("server.shutting_down");
    } finally {
      testApp.app.lifecycle.isShuttingDown = false;
    }
  });

  // Last: it closes the database under the running app.
  it("/readyz is 503 while the database is unreachable", async () => {
    await database.close();
    expect(await readyz()).toEqual({
      status: 503,
      body: {
        status: "not_ready",
        checks: { database: false, models: true, acceptingRequests: true },
      },
    });
  });
});
