import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
// A test double for vLLM, TGI and Ollama, which cannot run here.
import { type OpenAiTestServer, startOpenAiTestServer } from "@codegenie/llm/remote/testing";
import { type TStreamEvent, ZStreamEvent } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";
import { generateInstruction } from "./generate-instructions";
import { GenerationRepository } from "./generation.repository";

// A remote model served through the HTTP API from two OpenAI-compatible test servers on loopback.
let testApp: TestApp;
let user: TestUser;
let modelsFolder: string;
let first: OpenAiTestServer;
let second: OpenAiTestServer;
beforeAll(async () => {
  first = await startOpenAiTestServer({ pieces: ["def", " add", "(a, b)", ":"] });
  second = await startOpenAiTestServer({ pieces: ["def", " add", "(a, b)", ":"] });
  modelsFolder = await mkdtemp(path.join(tmpdir(), "codegenie-models-"));
  const modelsFile = path.join(modelsFolder, "models.json");
  const model = {
    id: "remote",
    name: "Remote",
    promptFormat: "chatml",
    source: { openai: { baseUrls: [first.baseUrl, second.baseUrl], model: "served-model" } },
  };
  await writeFile(modelsFile, JSON.stringify({ models: [model] }));
  testApp = await buildTestApp({ CODEGENIE_MODELS_FILE: modelsFile });
  user = await signUpUser(testApp.app);
});
afterAll(async () => {
  await testApp.close();
  await Promise.all([first.close(), second.close()]);
  await rm(modelsFolder, { recursive: true, force: true });
});

const generate = (accept: string) =>
  testApp.app.inject({
    method: "POST",
    url: "/api/generate",
    headers: { accept, ...user.headers },
    payload: { model: "remote", prompt: "Write an add function", maxTokens: 16 },
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

describe("POST /api/generate on a remote model", () => {
  it("streams the remote server's answer as server-sent events", async () => {
    const response = await generate("text/event-stream");
    expect(response.statusCode).toBe(200);
    const events = parseEventStream(response.body);
    const deltas = events.flatMap((event) => (event.type === "text-delta" ? [event.text] : []));
    expect(deltas).toEqual(["def", " add", "(a, b)", ":"]);
    expect(events.at(-1)).toMatchObject({
      type: "generation-end",
      // The test server counts words: the system instruction's and the prompt's four.
      promptTokens: generateInstruction("auto").split(/\s+/).length + 4,
      completionTokens: 4,
      finishReason: "stop",
    });

    const sent = [...first.requests, ...second.requests].at(-1)?.body;
    expect(sent).toMatchObject({
      model: "served-model",
      messages: [
        { role: "system", content: generateInstruction("auto") },
        { role: "user", content: "Write an add function" },
      ],
      max_tokens: 16,
      stream: true,
    });
  });

  it("ends the stream with model.remote_failed when a server drops mid-answer, and records the partial text", async () => {
    await first.setFailure({ kind: "drop", chunks: 2 });
    await second.setFailure({ kind: "drop", chunks: 2 });
    try {
      const events = parseEventStream((await generate("text/event-stream")).body);
      const deltas = events.flatMap((event) => (event.type === "text-delta" ? [event.text] : []));
      expect(deltas).toEqual(["def", " add"]);
      const [start, last] = [events.at(0), events.at(-1)];
      expect(last).toMatchObject({ type: "error", code: "model.remote_failed" });
      if (start?.type !== "generation-start") throw new Error("no generation-start event");
      const row = await new GenerationRepository(testApp.app.database.db).find(start.id);
      expect(row).toMatchObject({
        status: "failed",
        responseText: "def add",
        errorCode: "model.remote_failed",
      });
      // The reason in words, as the stream's error event said it.
      expect(row?.errorMessage).toBe(last?.type === "error" ? last.message : "");
      expect(row?.errorMessage).not.toBe("");
    } finally {
      await first.setFailure({ kind: "none" });
      await second.setFailure({ kind: "none" });
    }
  });

  it("answers 502 model.remote_failed naming every endpoint when all are down", async () => {
    await first.setFailure({ kind: "refuse" });
    await second.setFailure({ kind: "error-500" });
    try {
      const response = await generate("application/json");
      expect(response.statusCode).toBe(502);
      const { error } = response.json();
      expect(error.code).toBe("model.remote_failed");
      expect(error.details.endpoints).toEqual(
        expect.arrayContaining([
          { baseUrl: first.baseUrl, error: "connection refused (ECONNREFUSED)" },
          { baseUrl: second.baseUrl, error: expect.stringMatching(/^HTTP 500/) },
        ]),
      );
      expect(error.details.endpoints).toHaveLength(2);
      expect(error.message).toContain(first.baseUrl);
      expect(error.message).toContain(second.baseUrl);
    } finally {
      await first.setFailure({ kind: "none" });
      await second.setFailure({ kind: "none" });
    }
  });
});
