import { type TStreamEvent, ZGenerateResponse, ZStreamEvent } from "@codegenie/shared";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { conversations, generations } from "../db/schema";
import {
  buildTestApp,
  signUpUser,
  type TestApp,
  type TestModelsFile,
  type TestUser,
  writeTestModelsFile,
} from "../testing/test-app";

// Conversations, parameters and project context through the HTTP API on the real llama.cpp
// engine with a generated tiny model. It never picks its end token: answers run to maxTokens.
let modelsFile: TestModelsFile;
beforeAll(async () => {
  modelsFile = await writeTestModelsFile([
    {
      id: "tiny",
      name: "Tiny test model",
      promptFormat: "deepseek-coder",
      source: { file: inject("tinyModelPath") },
    },
  ]);
});
afterAll(() => modelsFile.remove());

function parseEventStream(body: string): TStreamEvent[] {
  return body
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const data =
        block
          .split("\n")
          .find((line) => line.startsWith("data: "))
          ?.slice(6) ?? "";
      return ZStreamEvent.parse(JSON.parse(data));
    });
}

async function generateJson(testApp: TestApp, user: TestUser, payload: object) {
  const response = await testApp.app.inject({
    method: "POST",
    url: "/api/generate",
    headers: user.headers,
    payload: { model: "tiny", ...payload },
  });
  if (response.statusCode !== 200) throw new Error(`generate failed: ${response.body}`);
  return ZGenerateResponse.parse(response.json());
}

function turnsOf(testApp: TestApp, conversationId: string) {
  return testApp.app.database.db
    .select()
    .from(generations)
    .where(eq(generations.conversationId, conversationId))
    .orderBy(asc(generations.createdAt));
}

describe("a conversation on the real engine", () => {
  let testApp: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    testApp = await buildTestApp({
      CODEGENIE_MODELS_FILE: modelsFile.file,
      MODEL_CONTEXT_SIZE: "2048",
      GENERATION_MAX_TOKENS: "16",
    });
    user = await signUpUser(testApp.app);
  });
  afterAll(() => testApp.close());

  it("reports the parameters used: maxTokens clamped, the model's defaults for the rest", async () => {
    const answer = await generateJson(testApp, user, { prompt: "Add two numbers", maxTokens: 500 });
    expect(answer).toMatchObject({
      kind: "generate",
      parameters: { maxTokens: 16, temperature: 0.2, topP: 0.95 },
      completionTokens: 16,
    });
    const [row] = await testApp.app.database.db
      .select()
      .from(generations)
      .where(eq(generations.id, answer.id));
    expect(row).toMatchObject({
      kind: "generate",
      maxTokens: 16,
      temperature: 0.2,
      language: null,
    });
    expect(row?.topP).toBeCloseTo(0.95);
  });

  it("starts a conversation titled after the prompt, and a follow-up carries the earlier turn", async () => {
    const first = await generateJson(testApp, user, {
      prompt: "Write a function that adds two numbers\nand test it",
      language: "python",
      temperature: 0,
      maxTokens: 12,
    });
    expect(first.conversationId).not.toBeNull();
    const conversationId = first.conversationId as string;
    const [conversation] = await testApp.app.database.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.userId, user.id)));
    expect(conversation?.title).toBe("Write a function that adds two numbers");

    const response = await testApp.app.inject({
      method: "POST",
      url: "/api/generate",
      headers: { accept: "text/event-stream", ...user.headers },
      payload: {
        model: "tiny",
        prompt: "Now make it subtract",
        conversationId,
        language: "python",
        temperature: 0,
        maxTokens: 12,
      },
    });
    const events = parseEventStream(response.body);
    const start = events[0];
    const end = events.at(-1);
    if (start?.type !== "generation-start" || end?.type !== "generation-end") {
      throw new Error(`unexpected events: ${response.body.slice(0, 300)}`);
    }
    expect(start).toMatchObject({
      kind: "generate",
      conversationId,
      parameters: { maxTokens: 12, temperature: 0, topP: 0.95 },
    });
    // The follow-up's prompt holds the first prompt and its answer besides its own words.
    expect(end.promptTokens).toBeGreaterThan(first.promptTokens + first.completionTokens / 2);

    const turns = await turnsOf(testApp, conversationId);
    expect(turns.map((turn) => turn.prompt)).toEqual([
      "Write a function that adds two numbers\nand test it",
      "Now make it subtract",
    ]);
    expect(turns.every((turn) => turn.language === "python" && turn.status === "completed")).toBe(
      true,
    );
    const [touched] = await testApp.app.database.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, conversationId));
    expect(touched?.updatedAt.getTime()).toBeGreaterThan(touched?.createdAt.getTime() ?? 0);
  });

  it("puts the user's project context into the prompt", async () => {
    const prompt = { prompt: "Parse a CSV file", maxTokens: 4 };
    const without = await generateJson(testApp, user, prompt);
    const saved = await testApp.app.inject({
      method: "PUT",
      url: "/api/me/project-context",
      headers: user.headers,
      payload: { projectContext: "We use Python 3.12 with pandas; tests use pytest." },
    });
    expect(saved.statusCode).toBe(200);
    const withContext = await generateJson(testApp, user, prompt);
    expect(withContext.promptTokens).toBeGreaterThan(without.promptTokens + 10);
  });
});

describe("a long conversation in a small context window", () => {
  // The system instruction alone is about 300 tokens of the tiny model's small vocabulary.
  const contextSize = 512;
  let testApp: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    testApp = await buildTestApp({
      CODEGENIE_MODELS_FILE: modelsFile.file,
      MODEL_CONTEXT_SIZE: String(contextSize),
    });
    user = await signUpUser(testApp.app);
  });
  afterAll(() => testApp.close());

  it("keeps answering, dropping the oldest turns so the prompt and answer fit the window", async () => {
    let conversationId: string | undefined;
    const answers = [];
    for (let turn = 1; turn <= 7; turn += 1) {
      const answer = await generateJson(testApp, user, {
        prompt: `Step ${turn}: change the function again`,
        conversationId,
        maxTokens: 48,
        temperature: 0,
      });
      conversationId = answer.conversationId ?? undefined;
      expect(answer.finishReason).toBe("max-tokens");
      expect(answer.promptTokens + answer.parameters.maxTokens).toBeLessThanOrEqual(contextSize);
      answers.push(answer);
    }
    // Carrying every earlier turn would take at least the first prompt and every earlier answer,
    // more than the window holds: the oldest turns were dropped, and the answers went on.
    const [first] = answers;
    const earlierAnswers = answers.slice(0, -1).reduce((sum, a) => sum + a.completionTokens, 0);
    expect((first?.promptTokens ?? 0) + earlierAnswers).toBeGreaterThan(contextSize);
    expect(answers.at(-1)?.promptTokens).toBeGreaterThan(first?.promptTokens ?? 0);
    expect(answers.at(-1)?.promptTokens).toBeLessThan((first?.promptTokens ?? 0) + earlierAnswers);
    expect(await turnsOf(testApp, conversationId as string)).toHaveLength(7);
  });

  it("refuses a prompt that alone leaves no room for an answer with 413", async () => {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/api/generate",
      headers: user.headers,
      payload: { model: "tiny", prompt: "Write code for this: ".repeat(100), maxTokens: 32 },
    });
    expect(response.statusCode).toBe(413);
    const { error } = response.json();
    expect(error.code).toBe("generation.prompt_too_large");
    expect(error.details.unit).toBe("tokens");
    expect(error.details.actual).toBeGreaterThan(error.details.limit);
    expect(error.details.limit).toBeLessThanOrEqual(contextSize - 32);
  });
});
