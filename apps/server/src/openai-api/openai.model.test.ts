import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GenerationRepository } from "../generation/generation.repository";
import {
  buildModelTestApp,
  generatedTestModel,
  type ModelTestApp,
  type TestUser,
} from "../testing/test-app";

// The official openai client against a listening server, with a generated tiny model on the real
// llama.cpp engine. The tiny model never picks its end token, so answers run to max_tokens.
let testApp: ModelTestApp;
let user: TestUser;
let baseURL: string;
let apiKey: string;
beforeAll(async () => {
  testApp = await buildModelTestApp([generatedTestModel("tiny")], {
    MODEL_CONTEXT_SIZE: "2048",
  });
  user = testApp.user;
  apiKey = (await createKey("openai client")).key;
  baseURL = `${await testApp.app.listen({ port: 0, host: "127.0.0.1" })}/v1`;
});
afterAll(() => testApp.close());

async function createKey(name: string): Promise<{ id: string; key: string }> {
  const response = await testApp.app.inject({
    method: "POST",
    url: "/api/me/api-keys",
    headers: user.headers,
    payload: { name },
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

const client = (key = apiKey) => new OpenAI({ baseURL, apiKey: key, maxRetries: 0 });

function findGeneration(completionId: string) {
  expect(completionId).toMatch(/^chatcmpl-/);
  return new GenerationRepository(testApp.app.database.db).find(
    completionId.slice("chatcmpl-".length),
  );
}

const messages: OpenAI.ChatCompletionMessageParam[] = [
  { role: "system", content: "You write short Python." },
  { role: "user", content: "Reverse a string" },
];

describe("the official openai client", () => {
  it("lists the models, with an API key or an access token", async () => {
    const models = await client().models.list();
    expect(models.data.map((model) => model.id)).toEqual(["tiny"]);
    expect(models.data[0]).toMatchObject({ object: "model", owned_by: "codegenie" });

    const withToken = await client(user.accessToken).models.list();
    expect(withToken.data).toHaveLength(1);
  });

  it("completes a chat without streaming, honouring max_tokens, and records it in the history", async () => {
    const completion = await client().chat.completions.create({
      model: "tiny",
      messages,
      max_tokens: 8,
      temperature: 0,
    });
    expect(completion).toMatchObject({ object: "chat.completion", model: "tiny" });
    const [choice] = completion.choices;
    expect(choice?.message.role).toBe("assistant");
    expect(choice?.message.content?.length).toBeGreaterThan(0);
    expect(choice?.finish_reason).toBe("length");
    expect(completion.usage?.completion_tokens).toBe(8);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );

    const row = await findGeneration(completion.id);
    expect(row).toMatchObject({
      userId: user.id,
      kind: "generate",
      conversationId: null,
      modelId: "tiny",
      status: "completed",
      prompt: "Reverse a string",
      responseText: choice?.message.content,
      maxTokens: 8,
      promptTokens: completion.usage?.prompt_tokens,
      completionTokens: 8,
      finishReason: "max-tokens",
    });
  });

  it("ends the answer at a stop string", async () => {
    const greedy = { model: "tiny", messages, max_tokens: 24, temperature: 0 } as const;
    const full = (await client().chat.completions.create(greedy)).choices[0]?.message.content;
    const stop = full?.slice(8, 12) ?? "";
    expect(stop.trim().length).toBeGreaterThan(0);

    const stopped = await client().chat.completions.create({ ...greedy, stop: [stop] });
    expect(stopped.choices[0]?.finish_reason).toBe("stop");
    // The answer ends before the first place the stop string would appear.
    expect(stopped.choices[0]?.message.content).toBe(full?.slice(0, full.indexOf(stop)));
  });

  it("streams chunks, then usage when asked, matching the history row", async () => {
    const stream = await client().chat.completions.create({
      model: "tiny",
      messages,
      max_completion_tokens: 12,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    const [first] = chunks;
    expect(first?.choices[0]?.delta.role).toBe("assistant");
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    const withContent = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
    expect(withContent.length).toBeGreaterThan(1);
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason);
    expect(finish?.choices[0]?.finish_reason).toBe("length");

    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    const row = await findGeneration(first?.id ?? "");
    expect(row).toMatchObject({ userId: user.id, status: "completed", responseText: text });
    expect(usageChunk?.usage).toEqual({
      prompt_tokens: row?.promptTokens,
      completion_tokens: 12,
      total_tokens: (row?.promptTokens ?? 0) + 12,
    });
  });

  it("cancels the generation when the client stops reading the stream", async () => {
    const stream = await client().chat.completions.create({
      model: "tiny",
      messages,
      max_tokens: 1900,
      stream: true,
    });
    let id = "";
    for await (const chunk of stream) {
      id = chunk.id;
      if (chunk.choices[0]?.delta.content) break;
    }
    let row = await findGeneration(id);
    for (let attempt = 0; row?.status === "running" && attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      row = await findGeneration(id);
    }
    expect(row?.status).toBe("cancelled");
    expect(row?.completionTokens).toBeLessThan(1900);
    expect(testApp.app.generations.runningCount).toBe(0);
  });

  it("raises AuthenticationError for a revoked key", async () => {
    const { id, key } = await createKey("soon revoked");
    await expect(client(key).models.list()).resolves.toBeDefined();
    const revoked = await testApp.app.inject({
      method: "DELETE",
      url: `/api/me/api-keys/${id}`,
      headers: user.headers,
    });
    expect(revoked.statusCode).toBe(204);

    const refused = client(key).chat.completions.create({ model: "tiny", messages });
    await expect(refused).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(refused).rejects.toMatchObject({ status: 401, code: "auth.api_key_invalid" });
  });

  it("raises NotFoundError for an unknown model, streaming or not", async () => {
    const plain = client().chat.completions.create({ model: "gpt-4o", messages });
    await expect(plain).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(plain).rejects.toMatchObject({ code: "model.not_found" });

    const streamed = client().chat.completions.create({ model: "gpt-4o", messages, stream: true });
    await expect(streamed).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
