import { ZOpenAiErrorResponse, ZOpenAiModelList } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp } from "../testing/test-app";
import { toConversation } from "./chat-conversation";

// The /v1 routes' answers that need no model engine; completions on the real engine, through
// the official openai client, are in openai.model.test.ts.
let testApp: TestApp;
let headers: { authorization: string };
beforeAll(async () => {
  // No download attempts: the built-in models stay "not downloaded" (no model hub here).
  testApp = await buildTestApp({
    GENERATION_MAX_PROMPT_CHARS: "200",
    CODEGENIE_AUTO_DOWNLOAD: "false",
  });
  const user = await signUpUser(testApp.app);
  const created = await testApp.app.inject({
    method: "POST",
    url: "/api/me/api-keys",
    headers: user.headers,
    payload: { name: "tests" },
  });
  headers = { authorization: `Bearer ${created.json().key}` };
});
afterAll(() => testApp.close());

const complete = (payload: unknown) =>
  testApp.app.inject({
    method: "POST",
    url: "/v1/chat/completions",
    headers,
    payload: payload as object,
  });
const hello = [{ role: "user", content: "hello" }];

/** The OpenAI-shaped error of a response. */
function openAiError(response: { statusCode: number; json(): unknown }) {
  return ZOpenAiErrorResponse.parse(response.json()).error;
}

describe("GET /v1/models", () => {
  it("lists the server's models in OpenAI's shape", async () => {
    const response = await testApp.app.inject({ url: "/v1/models", headers });
    expect(response.statusCode).toBe(200);
    const list = ZOpenAiModelList.parse(response.json());
    expect(list.data.map((model) => model.id)).toEqual([
      "gemma-2b-it",
      "deepseek-coder-1.3b-instruct",
      "phi-2",
    ]);
    expect(list.data[0]).toMatchObject({ object: "model", owned_by: "codegenie" });
  });
});

describe("POST /v1/chat/completions refusals, in OpenAI's error shape", () => {
  it("names the invalid field in `param`", async () => {
    const noMessages = await complete({ model: "phi-2", messages: [] });
    expect(noMessages.statusCode).toBe(400);
    expect(openAiError(noMessages)).toMatchObject({
      type: "invalid_request_error",
      code: "request.invalid",
      param: "messages",
    });

    const hot = await complete({ model: "phi-2", messages: hello, temperature: 7 });
    expect(hot.statusCode).toBe(400);
    expect(openAiError(hot).param).toBe("temperature");

    const toolRole = await complete({ model: "phi-2", messages: [{ role: "tool", content: "x" }] });
    expect(toolRole.statusCode).toBe(400);
    expect(openAiError(toolRole).param).toMatch(/^messages\.0/);

    const image = await complete({
      model: "phi-2",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }],
    });
    expect(image.statusCode).toBe(400);

    const severalChoices = await complete({ model: "phi-2", messages: hello, n: 3 });
    expect(openAiError(severalChoices).param).toBe("n");
  });

  it("needs the user's message last", async () => {
    const response = await complete({
      model: "phi-2",
      messages: [...hello, { role: "assistant", content: "hi" }],
    });
    expect(response.statusCode).toBe(400);
    expect(openAiError(response)).toMatchObject({ code: "request.invalid", param: "messages" });
  });

  it("answers malformed JSON with 400", async () => {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/v1/chat/completions",
      headers: { ...headers, "content-type": "application/json" },
      payload: "{ not json",
    });
    expect(response.statusCode).toBe(400);
    expect(openAiError(response).code).toBe("request.malformed_json");
  });

  it("answers an unknown model with 404 even when a stream was asked for, ignoring unknown fields", async () => {
    for (const stream of [false, true]) {
      const response = await complete({
        model: "gpt-4o",
        messages: hello,
        stream,
        frequency_penalty: 0.5,
        tools: [],
        seed: 1,
      });
      expect(response.statusCode).toBe(404);
      expect(response.headers["content-type"]).toContain("application/json");
      expect(openAiError(response)).toMatchObject({
        type: "not_found_error",
        code: "model.not_found",
      });
    }
  });

  it("applies the prompt-size limit to the whole conversation", async () => {
    const response = await complete({
      model: "phi-2",
      messages: [
        { role: "system", content: "s".repeat(150) },
        { role: "user", content: "u".repeat(60) },
      ],
    });
    expect(response.statusCode).toBe(413);
    expect(openAiError(response).code).toBe("generation.prompt_too_large");
  });

  it("says when a model's file is missing, with 503", async () => {
    const response = await complete({ model: "phi-2", messages: hello });
    expect(response.statusCode).toBe(503);
    expect(openAiError(response)).toMatchObject({
      type: "server_error",
      code: "model.unavailable",
    });
  });
});

describe("toConversation", () => {
  it("joins system messages, merges consecutive turns and reads text parts", () => {
    expect(
      toConversation([
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "a" },
            { type: "text", text: "b" },
          ],
        },
        { role: "assistant", content: "c" },
        { role: "developer", content: "Use Python." },
        { role: "user", content: "d" },
        { role: "user", content: "e" },
      ]),
    ).toEqual({
      system: "Be brief.\n\nUse Python.",
      messages: [
        { role: "user", content: "a\nb" },
        { role: "assistant", content: "c" },
        { role: "user", content: "d\n\ne" },
      ],
    });
  });

  it("leaves the model's own system prompt alone when none is sent", () => {
    expect(toConversation([{ role: "user", content: "hi" }]).system).toBeUndefined();
  });

  it("refuses a conversation without a final user message", () => {
    expect(() => toConversation([{ role: "system", content: "only rules" }])).toThrow(/user/);
    expect(() => toConversation([{ role: "user", content: "  " }])).toThrow(/empty/);
  });
});
