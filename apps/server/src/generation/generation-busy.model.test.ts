import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildModelTestApp,
  generatedTestModel,
  type ModelTestApp,
  type TestUser,
} from "../testing/test-app";

// A model with one sequence and room for one waiting request, on the real llama.cpp engine: a
// third request is refused with 429 model.busy and Retry-After, on both paths, before any stream.
let testApp: ModelTestApp;
let user: TestUser;
beforeAll(async () => {
  testApp = await buildModelTestApp([generatedTestModel("streaming")], {
    MODEL_CONTEXT_SIZE: "2048",
    MODEL_THREADS: "1",
    MODEL_PARALLEL_SEQUENCES: "1",
    MODEL_QUEUE_DEPTH: "1",
  });
  user = testApp.user;
});
afterAll(() => testApp.close());

describe("POST /api/generate when the model is busy", () => {
  it("answers 429 model.busy with Retry-After, as JSON and before a stream opens", async () => {
    const { app } = testApp;
    const model = app.models.requireAvailable("streaming");
    const occupying = new AbortController();
    const occupy = () =>
      app.engine.generate(model, {
        conversation: { messages: [{ role: "user", content: "Write a long program" }] },
        maxTokens: 1500,
        signal: occupying.signal,
      });
    await app.engine.load(model);
    // One generation runs, one waits: the queue is full.
    const running = [occupy(), occupy()];
    try {
      const payload = { model: "streaming", prompt: "Write hello world", maxTokens: 8 };
      const json = await app.inject({
        method: "POST",
        url: "/api/generate",
        headers: user.headers,
        payload,
      });
      expect(json.statusCode).toBe(429);
      expect(json.json().error.code).toBe("model.busy");
      expect(Number(json.headers["retry-after"])).toBeGreaterThanOrEqual(1);

      const streamed = await app.inject({
        method: "POST",
        url: "/api/generate",
        headers: { accept: "text/event-stream", ...user.headers },
        payload,
      });
      expect(streamed.statusCode).toBe(429);
      expect(streamed.headers["content-type"]).toContain("application/json");
      expect(streamed.json().error.code).toBe("model.busy");
      expect(Number(streamed.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    } finally {
      occupying.abort();
      await Promise.all(running);
    }

    // With the queue free again, the same request is served.
    const served = await app.inject({
      method: "POST",
      url: "/api/generate",
      headers: user.headers,
      payload: { model: "streaming", prompt: "Write hello world", maxTokens: 8 },
    });
    expect(served.statusCode).toBe(200);
    expect(served.json()).toMatchObject({ completionTokens: 8, finishReason: "max-tokens" });
  });
});
