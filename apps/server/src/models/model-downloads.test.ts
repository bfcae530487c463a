import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type HubTestServer, startHubTestServer } from "@codegenie/llm/download/testing";
import { writeTestModel } from "@codegenie/llm/gguf-writer";
import { type TPullEvent, ZModelsResponse, ZPullEvent } from "@codegenie/shared";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// Downloads through the real server against a real HTTP server on 127.0.0.1 that answers like
// the Hugging Face hub (which cannot be reached here), serving a generated tiny GGUF model.
let folder: string;
let model: Buffer;
let hub: HubTestServer;
let testApp: TestApp | undefined;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "codegenie-model-downloads-"));
  const written = await writeTestModel({
    shape: "tiny",
    type: "q8_0",
    outPath: path.join(folder, "source.gguf"),
  });
  model = await readFile(written.path);
  hub = await startHubTestServer({
    files: [
      { repo: "codegenie/tiny", file: "tiny.gguf", content: model },
      { repo: "google/gated", file: "gated.gguf", content: model, token: "hf_right" },
    ],
  });
});
afterAll(async () => {
  await hub.close();
  await rm(folder, { recursive: true, force: true });
});
afterEach(async () => {
  await testApp?.close();
  testApp = undefined;
});

/** An app whose models file lists hub models; the first user signed up is its admin. */
async function startApp(env: Record<string, string> = {}) {
  const modelsFile = path.join(await mkdtemp(path.join(folder, "app-")), "models.json");
  await writeFile(
    modelsFile,
    JSON.stringify({
      models: [
        {
          id: "tiny-hub",
          name: "Tiny from the hub",
          promptFormat: "deepseek-coder",
          source: { hf: { repo: "codegenie/tiny", file: "tiny.gguf" } },
        },
        {
          id: "gated-hub",
          name: "Gated",
          promptFormat: "gemma",
          source: { hf: { repo: "google/gated", file: "gated.gguf" } },
        },
        { id: "broken", name: "Broken", promptFormat: "raw", source: { file: "broken.gguf" } },
      ],
    }),
  );
  await writeFile(path.join(path.dirname(modelsFile), "broken.gguf"), "<html>oops</html>");
  testApp = await buildTestApp({
    HF_ENDPOINT: hub.endpoint,
    CODEGENIE_MODELS_FILE: modelsFile,
    CODEGENIE_AUTO_DOWNLOAD: "true",
    ...env,
  });
  const admin = await signUpUser(testApp.app);
  const user = await signUpUser(testApp.app);
  return { app: testApp.app, admin, user };
}

async function listModels(app: TestApp["app"], caller: TestUser) {
  const response = await app.inject({ method: "GET", url: "/api/models", headers: caller.headers });
  expect(response.statusCode).toBe(200);
  return ZModelsResponse.parse(response.json()).models;
}

function parsePullEvents(body: string): TPullEvent[] {
  return body
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => ZPullEvent.parse(JSON.parse(block.split("data: ")[1] ?? "")));
}

const pull = (app: TestApp["app"], caller: TestUser, id: string) =>
  app.inject({
    method: "POST",
    url: `/api/admin/models/${id}/pull`,
    headers: { accept: "text/event-stream", ...caller.headers },
  });

const generate = (app: TestApp["app"], caller: TestUser, modelId: string) =>
  app.inject({
    method: "POST",
    url: "/api/generate",
    headers: { accept: "application/json", ...caller.headers },
    payload: { model: modelId, prompt: "Write hello world in Python" },
  });

describe("model downloads", () => {
  it("lists a hub model as not_downloaded, then downloading with progress, then ready", async () => {
    const { app, admin, user } = await startApp();
    expect((await listModels(app, user)).find((entry) => entry.id === "tiny-hub")).toMatchObject({
      status: "not_downloaded",
      isAvailable: false,
      download: null,
    });

    const release = hub.holdNextDownloadAfter(60_000);
    const pulling = pull(app, admin, "tiny-hub");
    let entry = (await listModels(app, user)).find((candidate) => candidate.id === "tiny-hub");
    while (!entry?.download?.downloadedBytes) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      entry = (await listModels(app, user)).find((candidate) => candidate.id === "tiny-hub");
    }
    expect(entry).toMatchObject({
      status: "downloading",
      isAvailable: false,
      download: { downloadedBytes: 60_000, totalBytes: model.length },
    });
    release();

    const response = await pulling;
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/event-stream");
    const events = parsePullEvents(response.body);
    expect(events[0]?.type).toBe("progress");
    expect(
      events.some((event) => event.type === "progress" && event.downloadedBytes === 60_000),
    ).toBe(true);
    expect(events.at(-1)).toEqual({ type: "done", bytes: model.length });
    expect(
      (await listModels(app, user)).find((candidate) => candidate.id === "tiny-hub"),
    ).toMatchObject({
      status: "ready",
      isAvailable: true,
      download: null,
    });
  });

  it("shares one download between concurrent pulls", async () => {
    const { app, admin } = await startApp();
    const before = hub.requests.length;
    const [first, second] = await Promise.all([
      pull(app, admin, "tiny-hub"),
      pull(app, admin, "tiny-hub"),
    ]);
    expect(parsePullEvents(first.body).at(-1)).toEqual({ type: "done", bytes: model.length });
    expect(parsePullEvents(second.body).at(-1)).toEqual({ type: "done", bytes: model.length });
    const cdnRequests = hub.requests
      .slice(before)
      .filter((request) => request.path.startsWith("/cdn/"));
    expect(cdnRequests).toHaveLength(1);
  });

  it("lets only admins pull, and answers unknown ids with 404", async () => {
    const { app, admin, user } = await startApp();
    const refused = await pull(app, user, "tiny-hub");
    expect(refused.statusCode).toBe(403);
    const unknown = await pull(app, admin, "nope");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("model.not_found");
  });

  it("streams the hub's refusal of a gated model without HF_TOKEN as an explained error", async () => {
    const { app, admin, user } = await startApp();
    const events = parsePullEvents((await pull(app, admin, "gated-hub")).body);
    expect(events.at(-1)).toMatchObject({
      type: "error",
      code: "model.download_unauthorized",
      message: expect.stringMatching(/set HF_TOKEN.*Gemma is gated/),
    });
    // A request for it now says why it cannot be used, instead of downloading again.
    const response = await generate(app, user, "gated-hub");
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("model.download_unauthorized");
  });

  it("downloads a gated model with the right HF_TOKEN", async () => {
    const { app, admin } = await startApp({ HF_TOKEN: "hf_right" });
    const events = parsePullEvents((await pull(app, admin, "gated-hub")).body);
    expect(events.at(-1)).toEqual({ type: "done", bytes: model.length });
  });

  it("starts the download on the first request for a missing model and answers 503 model.downloading", async () => {
    const { app, user } = await startApp();
    const release = hub.holdNextDownloadAfter(10_000);
    const response = await generate(app, user, "tiny-hub");
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    expect(response.json().error).toMatchObject({
      code: "model.downloading",
      details: { progress: { downloadedBytes: expect.any(Number) } },
    });
    const again = await generate(app, user, "tiny-hub");
    expect(again.json().error.code).toBe("model.downloading");
    expect((await listModels(app, user)).find((entry) => entry.id === "tiny-hub")?.status).toBe(
      "downloading",
    );
    release();
    while (
      (await listModels(app, user)).find((entry) => entry.id === "tiny-hub")?.status !== "ready"
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it("with CODEGENIE_AUTO_DOWNLOAD=false answers model.unavailable with the pull command", async () => {
    const { app, user } = await startApp({ CODEGENIE_AUTO_DOWNLOAD: "false" });
    const before = hub.requests.length;
    const response = await generate(app, user, "tiny-hub");
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toMatchObject({
      code: "model.unavailable",
      message: expect.stringContaining("codegenie models pull tiny-hub"),
    });
    expect(hub.requests.length).toBe(before);
  });

  it("refuses a model file that is not a GGUF model with 422 model.invalid_file", async () => {
    const { app, user } = await startApp();
    const response = await generate(app, user, "broken");
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe("model.invalid_file");
    // The server is still up.
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  });

  it("refuses a truncated model file once it has been checked", async () => {
    const { app, user } = await startApp();
    const modelsDir = path.join(testApp?.dataDir ?? "", "models");
    await mkdir(modelsDir, { recursive: true });
    await writeFile(path.join(modelsDir, "tiny-hub.gguf"), model.subarray(0, model.length - 500));
    await app.models.checkFiles();
    const response = await generate(app, user, "tiny-hub");
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: "model.invalid_file",
      message: expect.stringContaining("truncated"),
    });
  });
});
