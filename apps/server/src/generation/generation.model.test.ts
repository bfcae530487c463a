import { type TStreamEvent, ZGenerateResponse, ZStreamEvent } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildModelTestApp,
  generatedTestModel,
  type ModelTestApp,
  type TestUser,
} from "../testing/test-app";

// A generation streamed through the HTTP API from a generated tiny model on the real llama.cpp
// engine. The tiny model never picks its end token, so answers run to maxTokens or an abort.
let testApp: ModelTestApp;
let user: TestUser;
beforeAll(async () => {
  testApp = await buildModelTestApp([generatedTestModel("tiny")], {
    MODEL_CONTEXT_SIZE: "2048",
  });
  user = testApp.user;
});
afterAll(() => testApp.close());

function parseEventStream(body: string): TStreamEvent[] {
  return body
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const type = lines.find((line) => line.startsWith("event: "))?.slice(7);
      const data = lines.find((line) => line.startsWith("data: "))?.slice(6) ?? "";
      const event = ZStreamEvent.parse(JSON.parse(data));
      expect(event.type).toBe(type);
      return event;
    });
}

async function findGeneration(id: string) {
  const { GenerationRepository } = await import("./generation.repository");
  return new GenerationRepository(testApp.app.database.db).find(id);
}

describe("POST /api/generate on the real engine", () => {
  it("streams text deltas as server-sent events and records the answer", async () => {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/api/generate",
      headers: { accept: "text/event-stream", ...user.headers },
      payload: { model: "tiny", prompt: "Write hello world in Python", maxTokens: 24 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/event-stream");

    const events = parseEventStream(response.body);
    const [first, ...rest] = events;
    const last = rest.at(-1);
    if (first?.type !== "generation-start" || last?.type !== "generation-end") {
      throw new Error(`unexpected event order: ${events.map((event) => event.type).join(", ")}`);
    }
    const deltas = rest.filter((event) => event.type === "text-delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(last).toMatchObject({ id: first.id, completionTokens: 24, finishReason: "max-tokens" });
    expect(last.promptTokens).toBeGreaterThan(10);
    expect(last.durationMs).toBeGreaterThan(0);

    const row = await findGeneration(first.id);
    expect(row).toMatchObject({
      userId: user.id,
      status: "completed",
      modelId: "tiny",
      prompt: "Write hello world in Python",
      responseText: deltas.map((delta) => delta.text).join(""),
      completionTokens: 24,
      finishReason: "max-tokens",
    });
    expect(row?.finishedAt).toBeInstanceOf(Date);
  });

  it("answers with one JSON object when the client does not ask for a stream", async () => {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/api/generate",
      headers: user.headers,
      payload: { model: "tiny", prompt: "Sort a list in Go", maxTokens: 8, temperature: 0 },
    });
    expect(response.statusCode).toBe(200);
    const answer = ZGenerateResponse.parse(response.json());
    expect(answer).toMatchObject({
      model: "tiny",
      completionTokens: 8,
      finishReason: "max-tokens",
    });
    expect(answer.text.length).toBeGreaterThan(0);
  });

  it("cancels the generation when the client closes the connection, keeping the partial answer", async () => {
    const address = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
    const client = new AbortController();
    const response = await fetch(`${address}/api/generate`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        ...user.headers,
      },
      body: JSON.stringify({ model: "tiny", prompt: "Explain recursion", maxTokens: 1900 }),
      signal: client.signal,
    });
    if (!response.body) throw new Error("no response body");
    const reader = response.body.getReader();
    let received = "";
    while (!received.includes("event: text-delta")) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error("the stream ended before any text");
      received += new TextDecoder().decode(chunk.value);
    }
    const id = parseEventStream(received.slice(0, received.indexOf("\n\n") + 2))[0];
    if (id?.type !== "generation-start") throw new Error("no generation-start event");
    client.abort();

    let row = await findGeneration(id.id);
    for (let attempt = 0; row?.status === "running" && attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      row = await findGeneration(id.id);
    }
    expect(row?.status).toBe("cancelled");
    expect(row?.finishReason).toBe("aborted");
    expect(row?.responseText.length).toBeGreaterThan(0);
    expect(row?.completionTokens).toBeLessThan(1900);
    expect(testApp.app.generations.runningCount).toBe(0);
  });
});
