import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildModelTestApp,
  generatedTestModel,
  type ModelTestApp,
  type TestUser,
} from "../testing/test-app";

// The generation metrics on the real llama.cpp engine: one sequence, so of two requests one
// writes while the other waits in the model's queue.
let testApp: ModelTestApp;
let user: TestUser;
beforeAll(async () => {
  testApp = await buildModelTestApp([generatedTestModel("streaming")], {
    MODEL_CONTEXT_SIZE: "1024",
    MODEL_THREADS: "1",
    MODEL_PARALLEL_SEQUENCES: "1",
  });
  user = testApp.user;
});
afterAll(() => testApp.close());

async function metricsText(): Promise<string> {
  return (await testApp.app.inject({ method: "GET", url: "/metrics" })).body;
}

function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("generation metrics", () => {
  it("count generations in flight, the queue, tokens, time to first token and the model load", async () => {
    const generate = (prompt: string) =>
      testApp.app.inject({
        method: "POST",
        url: "/api/generate",
        headers: user.headers,
        payload: { model: "streaming", prompt, maxTokens: 200 },
      });
    const answers = Promise.all([generate("Write a long program"), generate("Write another")]);

    // While one writes and the other waits, both are in flight and one is queued.
    let busy = "";
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      busy = await metricsText();
      if (sample(busy, 'codegenie_model_queue_depth{model="streaming"}') === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(sample(busy, 'codegenie_model_queue_depth{model="streaming"}')).toBe(1);
    expect(sample(busy, "codegenie_generations_in_flight")).toBe(2);

    const responses = await answers;
    const bodies = responses.map((response) => response.json());
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200]);
    const completionTokens = bodies.reduce((sum, body) => sum + body.completionTokens, 0);
    expect(completionTokens).toBeGreaterThan(0);

    const after = await metricsText();
    expect(sample(after, "codegenie_generations_in_flight")).toBe(0);
    expect(sample(after, 'codegenie_model_queue_depth{model="streaming"}')).toBe(0);
    expect(sample(after, 'codegenie_generated_tokens_total{model="streaming"}')).toBe(
      completionTokens,
    );
    expect(sample(after, 'codegenie_time_to_first_token_seconds_count{model="streaming"}')).toBe(2);
    const firstTokenSeconds = bodies.reduce((sum, body) => sum + body.timeToFirstTokenMs, 0) / 1000;
    expect(
      sample(after, 'codegenie_time_to_first_token_seconds_sum{model="streaming"}'),
    ).toBeCloseTo(firstTokenSeconds, 3);
    expect(sample(after, 'codegenie_model_load_seconds_count{model="streaming"}')).toBe(1);
    expect(sample(after, 'codegenie_model_load_seconds_sum{model="streaming"}')).toBeGreaterThan(0);
  });
});
