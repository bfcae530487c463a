import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";
import { GenerationRepository } from "./generation.repository";

// Requests refused before any model runs; streaming through the real engine is in
// generation.model.test.ts.
let testApp: TestApp;
let user: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp({ GENERATION_MAX_PROMPT_CHARS: "50" });
  user = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const generate = (payload: object, accept = "text/event-stream") =>
  testApp.app.inject({
    method: "POST",
    url: "/api/generate",
    headers: { accept, ...user.headers },
    payload,
  });

describe("POST /api/generate refusals", () => {
  it("is for signed-in users only", async () => {
    const anonymous = await testApp.app.inject({
      method: "POST",
      url: "/api/generate",
      payload: { model: "phi-2", prompt: "hello" },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe("auth.unauthenticated");
  });

  it("answers an unknown model with 404 model.not_found listing the available ids", async () => {
    const response = await generate({ model: "gpt-17", prompt: "hello" });
    expect(response.statusCode).toBe(404);
    const { error } = response.json();
    expect(error.code).toBe("model.not_found");
    expect(error.details.available).toEqual([
      "gemma-2b-it",
      "deepseek-coder-1.3b-instruct",
      "phi-2",
    ]);
    expect(error.message).toContain("deepseek-coder-1.3b-instruct");
  });

  it("answers a model whose file is missing with 503 model.unavailable saying how to get it", async () => {
    const response = await generate({ model: "phi-2", prompt: "hello" });
    expect(response.statusCode).toBe(503);
    const { error } = response.json();
    expect(error.code).toBe("model.unavailable");
    expect(error.message).toMatch(/GGUF file/);
    expect(error.message).not.toContain(testApp.dataDir);
  });

  it("answers a prompt over the configured limit with 413", async () => {
    const response = await generate({ model: "phi-2", prompt: "x".repeat(51) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: "generation.prompt_too_large",
      details: { limit: 50, actual: 51 },
    });
  });

  it("rejects a blank prompt and out-of-range sampling settings naming the field", async () => {
    const blank = await generate({ model: "phi-2", prompt: "   " });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.message).toContain("body.prompt");

    const hot = await generate({ model: "phi-2", prompt: "hi", temperature: 9 });
    expect(hot.statusCode).toBe(400);
    expect(hot.json().error.details.fields[0].field).toBe("body.temperature");
  });

  it("rejects an unknown language naming the field", async () => {
    const response = await generate({ model: "phi-2", prompt: "hi", language: "cobol" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("request.invalid");
    expect(response.json().error.details.fields[0].field).toBe("body.language");
  });

  it("answers another user's conversation with 404, as if it did not exist", async () => {
    const other = await signUpUser(testApp.app);
    const { conversationId } = await new GenerationRepository(testApp.app.database.db).open({
      userId: other.id,
      kind: "generate",
      conversation: { newTitle: "Other's secret" },
      modelId: "phi-2",
      language: null,
      style: null,
      prompt: "Other's secret",
      maxTokens: 8,
      temperature: 0.2,
      topP: 0.95,
    });
    const foreign = await generate({ model: "phi-2", prompt: "hi", conversationId });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe("conversation.not_found");

    const unknown = await generate({
      model: "phi-2",
      prompt: "hi",
      conversationId: crypto.randomUUID(),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("conversation.not_found");
  });
});
