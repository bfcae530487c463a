import {
  EXPLAIN_STYLES,
  type TStreamEvent,
  ZGenerateResponse,
  ZStreamEvent,
} from "@codegenie/shared";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generations } from "../db/schema";
import {
  buildModelTestApp,
  generatedTestModel,
  type ModelTestApp,
  type TestUser,
} from "../testing/test-app";

// Explanations streamed from a generated tiny model on the real llama.cpp engine; it never picks
// its end token, so answers run to maxTokens.
// Each style's instructions are a few hundred tokens of the tiny model's small vocabulary.
const contextSize = 1024;
let testApp: ModelTestApp;
let user: TestUser;
beforeAll(async () => {
  testApp = await buildModelTestApp([generatedTestModel("tiny")], {
    MODEL_CONTEXT_SIZE: String(contextSize),
  });
  user = testApp.user;
});
afterAll(() => testApp.close());

const code = "def add(a, b):\n    return a + b\n";

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

async function findRow(id: string) {
  const [row] = await testApp.app.database.db
    .select()
    .from(generations)
    .where(eq(generations.id, id));
  return row;
}

describe("POST /api/explain on the real engine", () => {
  it.each(EXPLAIN_STYLES)(
    "streams a %s explanation and records it as an explain row",
    async (style) => {
      const response = await testApp.app.inject({
        method: "POST",
        url: "/api/explain",
        headers: { accept: "text/event-stream", ...user.headers },
        payload: { model: "tiny", code, language: "python", style, maxTokens: 10 },
      });
      expect(response.statusCode).toBe(200);
      const events = parseEventStream(response.body);
      const start = events[0];
      const end = events.at(-1);
      if (start?.type !== "generation-start" || end?.type !== "generation-end") {
        throw new Error(`unexpected events: ${response.body.slice(0, 300)}`);
      }
      expect(start).toMatchObject({ kind: "explain", conversationId: null, model: "tiny" });
      expect(start.parameters.maxTokens).toBe(10);
      const text = events.flatMap((event) => (event.type === "text-delta" ? [event.text] : []));
      expect(text.length).toBeGreaterThan(0);
      expect(end).toMatchObject({ completionTokens: 10, finishReason: "max-tokens" });

      expect(await findRow(start.id)).toMatchObject({
        userId: user.id,
        kind: "explain",
        style,
        language: "python",
        conversationId: null,
        prompt: code,
        responseText: text.join(""),
        status: "completed",
      });
    },
  );

  it("writes each style's own prompt: the three differ in size", async () => {
    const promptTokens = [];
    for (const style of EXPLAIN_STYLES) {
      const response = await testApp.app.inject({
        method: "POST",
        url: "/api/explain",
        headers: user.headers,
        payload: { model: "tiny", code, style, maxTokens: 2 },
      });
      const answer = ZGenerateResponse.parse(response.json());
      expect(answer).toMatchObject({ kind: "explain", conversationId: null });
      promptTokens.push(answer.promptTokens);
    }
    expect(new Set(promptTokens).size).toBe(EXPLAIN_STYLES.length);
  });

  it("refuses code too large for the model's window with 413 explain.code_too_large, recording nothing", async () => {
    const [before] = await testApp.app.database.db.select({ rows: count() }).from(generations);
    const bigCode = "total = total + compute(value, index)\n".repeat(80);
    const response = await testApp.app.inject({
      method: "POST",
      url: "/api/explain",
      headers: user.headers,
      payload: { model: "tiny", code: bigCode, style: "technical", maxTokens: 64 },
    });
    expect(response.statusCode).toBe(413);
    const { error } = response.json();
    expect(error.code).toBe("explain.code_too_large");
    expect(error.details).toMatchObject({ unit: "tokens" });
    expect(error.details.actual).toBeGreaterThan(error.details.limit);
    expect(error.details.limit).toBeLessThan(contextSize);
    const [after] = await testApp.app.database.db.select({ rows: count() }).from(generations);
    expect(after?.rows).toBe(before?.rows);
  });
});
