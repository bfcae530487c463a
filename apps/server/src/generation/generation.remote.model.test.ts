import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type TStreamEvent, ZStreamEvent } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// Real parts end to end: one CodeGenie serves the generated tiny model on the real llama.cpp
// engine through its OpenAI-compatible API on loopback; a second CodeGenie lists it as a remote
// model and streams from it, authenticated by a personal API key of the first.
const KEY_VARIABLE = "CODEGENIE_TEST_UPSTREAM_KEY";
let upstream: TestApp;
let downstream: TestApp;
let user: TestUser;
let modelsFolder: string;
beforeAll(async () => {
  modelsFolder = await mkdtemp(path.join(tmpdir(), "codegenie-models-"));
  const upstreamModels = path.join(modelsFolder, "upstream.json");
  const tiny = { id: "tiny", name: "Tiny", promptFormat: "deepseek-coder" };
  await writeFile(
    upstreamModels,
    JSON.stringify({ models: [{ ...tiny, source: { file: inject("tinyModelPath") } }] }),
  );
  upstream = await buildTestApp({
    CODEGENIE_MODELS_FILE: upstreamModels,
    MODEL_CONTEXT_SIZE: "2048",
  });
  await upstream.app.listen({ host: "127.0.0.1", port: 0 });
  const address = upstream.app.server.address();
  if (address === null || typeof address === "string") throw new Error("no upstream port");
  const owner = await signUpUser(upstream.app);
  const created = await upstream.app.inject({
    method: "POST",
    url: "/api/me/api-keys",
    headers: owner.headers,
    payload: { name: "downstream" },
  });
  process.env[KEY_VARIABLE] = created.json().key;

  const downstreamModels = path.join(modelsFolder, "downstream.json");
  const baseUrl = `http://127.0.0.1:${address.port}/v1`;
  const remote = (id: string, apiKeyEnv: string) => ({
    id,
    name: id,
    promptFormat: "chatml",
    source: { openai: { baseUrls: [baseUrl], model: "tiny", apiKeyEnv } },
  });
  await writeFile(
    downstreamModels,
    JSON.stringify({
      models: [remote("via-upstream", KEY_VARIABLE), remote("wrong-key", "CODEGENIE_TEST_NO_KEY")],
    }),
  );
  downstream = await buildTestApp({ CODEGENIE_MODELS_FILE: downstreamModels });
  user = await signUpUser(downstream.app);
});
afterAll(async () => {
  delete process.env[KEY_VARIABLE];
  await downstream?.close();
  await upstream?.close();
  await rm(modelsFolder, { recursive: true, force: true });
});

function parseEventStream(body: string): TStreamEvent[] {
  return body
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const data = block.split("\n").find((line) => line.startsWith("data: "));
      return ZStreamEvent.parse(JSON.parse(data?.slice(6) ?? ""));
    });
}

const generate = (model: string, accept: string) =>
  downstream.app.inject({
    method: "POST",
    url: "/api/generate",
    headers: { accept, ...user.headers },
    payload: { model, prompt: "Write hello world in Python", maxTokens: 8 },
  });

describe("a remote model served by another CodeGenie", () => {
  it("streams the upstream model's tokens with its token counts", async () => {
    const response = await generate("via-upstream", "text/event-stream");
    expect(response.statusCode).toBe(200);
    const events = parseEventStream(response.body);
    const deltas = events.filter((event) => event.type === "text-delta");
    expect(deltas.length).toBeGreaterThan(1);
    const last = events.at(-1);
    expect(last).toMatchObject({
      type: "generation-end",
      completionTokens: 8,
      finishReason: "max-tokens",
    });
    if (last?.type !== "generation-end") throw new Error("no generation-end event");
    expect(last.promptTokens).toBeGreaterThan(5);
  });

  it("answers 502 model.remote_failed naming the endpoint when the upstream refuses the key", async () => {
    const response = await generate("wrong-key", "application/json");
    expect(response.statusCode).toBe(502);
    const { error } = response.json();
    expect(error.code).toBe("model.remote_failed");
    expect(error.details.endpoints).toEqual([
      {
        baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/),
        error: expect.stringMatching(/^HTTP 401/),
      },
    ]);
  });
});
