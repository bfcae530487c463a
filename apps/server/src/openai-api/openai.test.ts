import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { ZOpenAiErrorResponse, ZOpenAiModelList } from "@codegenie/shared";
import OpenAI from "openai";
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
    BODY_LIMIT_BYTES: "4000",
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

describe("paths under /v1 that no route takes", () => {
  const request = (method: "GET" | "POST" | "DELETE", url: string, payload?: string) =>
    testApp.app.inject({
      method,
      url,
      headers: payload === undefined ? headers : { ...headers, "content-type": "application/json" },
      payload,
    });

  it("answer 404 in OpenAI's shape, naming the endpoints that exist", async () => {
    for (const [method, url] of [
      ["POST", "/v1/completions"],
      ["POST", "/v1/embeddings"],
      ["GET", "/v1/nope?x=1"],
      ["GET", "/v1"],
    ] as const) {
      const response = await request(method, url);
      expect(response.statusCode).toBe(404);
      const path = url.split("?")[0];
      expect(openAiError(response)).toEqual({
        message: `Invalid URL (${method} ${path}): this server offers GET /v1/models, POST /v1/chat/completions.`,
        type: "not_found_error",
        code: "route.not_found",
        param: null,
      });
    }
  });

  it("say which method a known path takes", async () => {
    const get = await request("GET", "/v1/chat/completions");
    expect(get.statusCode).toBe(404);
    expect(openAiError(get).message).toBe(
      "Invalid method for URL (GET /v1/chat/completions): use POST.",
    );
    const remove = await request("DELETE", "/v1/models");
    expect(openAiError(remove).message).toBe(
      "Invalid method for URL (DELETE /v1/models): use GET.",
    );
  });

  it("answer malformed JSON and bodies over the limit in OpenAI's shape", async () => {
    const malformed = await request("POST", "/v1/completions", "{ not json");
    expect(malformed.statusCode).toBe(400);
    expect(openAiError(malformed).code).toBe("request.malformed_json");

    const huge = JSON.stringify({ prompt: "x".repeat(5000) });
    for (const url of ["/v1/completions", "/v1/chat/completions"]) {
      const response = await request("POST", url, huge);
      expect(response.statusCode).toBe(413);
      expect(openAiError(response).code).toBe("request.too_large");
    }
  });

  it("leave the app's own not-found answer outside /v1", async () => {
    const response = await request("POST", "/api/completions");
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: "route.not_found", message: "There is no route POST /api/completions." },
    });
  });

  it("raise NotFoundError with the message in the official openai client", async () => {
    // The app's own HTTP server on a loopback port, without listen()'s start-up hooks (they
    // start llama.cpp and the Python sandboxes, which this test does not need).
    const server = testApp.app.server;
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const client = new OpenAI({
        baseURL: `http://127.0.0.1:${port}/v1`,
        apiKey: headers.authorization.slice("Bearer ".length),
        maxRetries: 0,
      });
      const error = await client.completions
        .create({ model: "phi-2", prompt: "def add(" })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).message).toBe(
        "404 Invalid URL (POST /v1/completions): this server offers GET /v1/models, POST /v1/chat/completions.",
      );
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("route.not_found");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
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
