import type { THistoryItem } from "@codegenie/shared";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedback, generations } from "../db/schema";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";
import { insertConversation, insertHistoryRow } from "./history-testing";

// The history API over HTTP on the embedded database; rows are written the way the generation
// service writes them, straight into the table (no model engine needed).
let testApp: TestApp;
let ada: TestUser;
let grace: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp();
  ada = await signUpUser(testApp.app);
  grace = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const db = () => testApp.app.database.db;
const get = (who: TestUser, url: string) =>
  testApp.app.inject({ method: "GET", url, headers: who.headers });
const remove = (who: TestUser, url: string) =>
  testApp.app.inject({ method: "DELETE", url, headers: who.headers });

/** Every page of a listing, following `nextCursor` to the end. */
async function allPages(who: TestUser, query: string): Promise<THistoryItem[][]> {
  const pages: THistoryItem[][] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const response = await get(who, `/api/history?${query}${suffix}`);
    expect(response.statusCode).toBe(200);
    const page = response.json();
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

describe("GET /api/history pages", () => {
  let reader: TestUser;
  let expectedOrder: string[];
  beforeAll(async () => {
    reader = await signUpUser(testApp.app);
    const rows = [];
    // Six rows share one instant to the microsecond, two differ only in microseconds, the
    // rest are a second apart: the cursor must neither skip nor repeat any of them.
    for (let index = 0; index < 6; index += 1) {
      rows.push(
        await insertHistoryRow(db(), {
          userId: reader.id,
          createdAt: sql`'2025-03-01 10:00:00.123456+00'::timestamptz`,
        }),
      );
    }
    rows.push(
      await insertHistoryRow(db(), {
        userId: reader.id,
        createdAt: sql`'2025-03-01 10:00:00.123457+00'::timestamptz`,
      }),
      await insertHistoryRow(db(), {
        userId: reader.id,
        createdAt: sql`'2025-03-01 10:00:00.123455+00'::timestamptz`,
      }),
    );
    for (let index = 0; index < 9; index += 1) {
      rows.push(
        await insertHistoryRow(db(), {
          userId: reader.id,
          createdAt: new Date(Date.UTC(2025, 2, 1, 9, 0, index)),
        }),
      );
    }
    const ordered = await db()
      .select({ id: generations.id })
      .from(generations)
      .where(eq(generations.userId, reader.id))
      .orderBy(sql`${generations.createdAt} desc, ${generations.id} desc`);
    expectedOrder = ordered.map((row) => row.id);
    expect(expectedOrder).toHaveLength(rows.length);
  });

  it("walks every row once, newest first, across pages of any size", async () => {
    for (const limit of [1, 3, 4, 17, 100]) {
      const pages = await allPages(reader, `limit=${limit}`);
      const ids = pages.flat().map((item) => item.id);
      expect(ids).toEqual(expectedOrder);
      expect(pages.every((page) => page.length <= limit)).toBe(true);
      expect(pages.at(-1)?.length).toBeGreaterThan(0);
    }
  });

  it("says there is no next page when the rows end exactly at a page boundary", async () => {
    const response = await get(reader, `/api/history?limit=${expectedOrder.length}`);
    expect(response.json().items).toHaveLength(expectedOrder.length);
    expect(response.json().nextCursor).toBeNull();
  });

  it("shows only the caller's own rows", async () => {
    const response = await get(grace, "/api/history?limit=100");
    const ids = response.json().items.map((item: THistoryItem) => item.id);
    expect(ids.some((id: string) => expectedOrder.includes(id))).toBe(false);
  });

  it("refuses a cursor it did not make, and limits out of range", async () => {
    for (const query of [
      "cursor=not-a-cursor",
      `cursor=${Buffer.from('{"at":"yesterday","id":"x"}').toString("base64url")}`,
      "limit=0",
      "limit=101",
      "kind=poem",
    ]) {
      const response = await get(reader, `/api/history?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe("request.invalid");
    }
  });
});

describe("GET /api/history filters", () => {
  let searcher: TestUser;
  const rows: Record<string, string> = {};
  beforeAll(async () => {
    searcher = await signUpUser(testApp.app);
    const add = async (name: string, values: Partial<Parameters<typeof insertHistoryRow>[1]>) => {
      rows[name] = (await insertHistoryRow(db(), { userId: searcher.id, ...values })).id;
    };
    await add("percent", { prompt: "Am I 100% sure this loop ends?" });
    await add("percentLookalike", { prompt: "Am I 1000 sure this loop ends?" });
    await add("underscore", { prompt: "rename snake_case_name", responseText: "done" });
    await add("underscoreLookalike", { prompt: "rename snakeXcaseYname", responseText: "done" });
    await add("backslash", { prompt: String.raw`split on C:\temp paths` });
    await add("fizzPrompt", { prompt: "Write FizzBuzz in Go", modelId: "phi-2" });
    await add("fizzAnswer", {
      kind: "explain",
      style: "beginner",
      prompt: "for i in range(3): pass",
      responseText: "This is like fizzbuzz without the buzz.",
    });
    await add("explainGemma", {
      kind: "explain",
      style: "technical",
      modelId: "gemma-2b-it",
      prompt: "SELECT 1",
    });
  });

  const idsOf = async (query: string) => {
    const response = await get(searcher, `/api/history?limit=100&${query}`);
    expect(response.statusCode).toBe(200);
    return response.json().items.map((item: THistoryItem) => item.id);
  };

  it("filters by kind", async () => {
    expect((await idsOf("kind=explain")).sort()).toEqual(
      [rows.fizzAnswer, rows.explainGemma].sort(),
    );
    expect(await idsOf("kind=generate")).toHaveLength(6);
  });

  it("filters by model", async () => {
    expect(await idsOf("model=phi-2")).toEqual([rows.fizzPrompt]);
    expect(await idsOf("model=gemma-2b-it&kind=explain")).toEqual([rows.explainGemma]);
    expect(await idsOf("model=gemma-2b-it&kind=generate")).toEqual([]);
  });

  it("finds text in the prompt or the answer, ignoring case", async () => {
    expect((await idsOf("q=FIZZBUZZ")).sort()).toEqual([rows.fizzPrompt, rows.fizzAnswer].sort());
    expect(await idsOf("q=fizzbuzz&kind=explain")).toEqual([rows.fizzAnswer]);
    expect(await idsOf("q=nothing%20like%20this")).toEqual([]);
  });

  it("treats %, _ and \\ in the search text as plain characters", async () => {
    expect(await idsOf(`q=${encodeURIComponent("100%")}`)).toEqual([rows.percent]);
    expect(await idsOf(`q=${encodeURIComponent("_case_")}`)).toEqual([rows.underscore]);
    expect(await idsOf(`q=${encodeURIComponent("%")}`)).toEqual([rows.percent]);
    expect(await idsOf(`q=${encodeURIComponent(String.raw`C:\temp`)}`)).toEqual([rows.backslash]);
  });

  it("pages through filtered results with the same cursor rules", async () => {
    const pages = await allPages(searcher, "limit=1&kind=generate&q=e");
    const ids = pages.flat().map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual((await idsOf("kind=generate&q=e")).sort());
  });
});

describe("GET /api/history/:id", () => {
  it("shows one's own row with its feedback, parameters and timings", async () => {
    const row = await insertHistoryRow(db(), {
      userId: ada.id,
      language: "python",
      prompt: "Reverse a string",
      responseText: "```python\ns[::-1]\n```",
    });
    await db().insert(feedback).values({
      generationId: row.id,
      userId: ada.id,
      rating: 4,
      comment: "The book was good.",
      sentimentCompound: 0.4404,
      sentimentPositive: 0.492,
      sentimentNeutral: 0.508,
      sentimentNegative: 0,
      sentimentLabel: "positive",
    });
    const response = await get(ada, `/api/history/${row.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: row.id,
      kind: "generate",
      model: "deepseek-coder-1.3b-instruct",
      conversationId: null,
      language: "python",
      style: null,
      prompt: "Reverse a string",
      answer: "```python\ns[::-1]\n```",
      status: "completed",
      finishReason: "stop",
      error: null,
      parameters: { maxTokens: 256, temperature: 0.2, topP: 0.95 },
      promptTokens: 12,
      completionTokens: 34,
      feedback: {
        queryId: row.id,
        rating: 4,
        comment: "The book was good.",
        sentiment: {
          compound: 0.4404,
          positive: 0.492,
          neutral: 0.508,
          negative: 0,
          label: "positive",
        },
      },
    });
  });

  it("shows why a failed row failed, and a cancelled row's partial answer", async () => {
    const failed = await insertHistoryRow(db(), {
      userId: ada.id,
      status: "failed",
      finishReason: null,
      responseText: "",
      errorCode: "generation.failed",
      errorMessage: "The model ran out of memory.",
    });
    const cancelled = await insertHistoryRow(db(), {
      userId: ada.id,
      status: "cancelled",
      finishReason: "aborted",
      responseText: "def half",
    });
    expect((await get(ada, `/api/history/${failed.id}`)).json()).toMatchObject({
      status: "failed",
      error: { code: "generation.failed", message: "The model ran out of memory." },
      feedback: null,
    });
    expect((await get(ada, `/api/history/${cancelled.id}`)).json()).toMatchObject({
      status: "cancelled",
      finishReason: "aborted",
      answer: "def half",
      error: null,
    });
  });

  it("answers 404 for another user's row, as for one that does not exist", async () => {
    const graces = await insertHistoryRow(db(), { userId: grace.id });
    for (const id of [graces.id, crypto.randomUUID()]) {
      const response = await get(ada, `/api/history/${id}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("history.not_found");
    }
    expect((await get(grace, `/api/history/${graces.id}`)).statusCode).toBe(200);
  });

  it("answers 400 for an id that is not a UUID", async () => {
    for (const id of ["42", "not-a-uuid", "'; drop table generations; --"]) {
      const response = await get(ada, `/api/history/${encodeURIComponent(id)}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe("request.invalid");
    }
  });

  it("is for signed-in users only", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/api/history" });
    expect(response.statusCode).toBe(401);
  });
});

describe("DELETE /api/history/:id", () => {
  it("deletes one's own row and its feedback", async () => {
    const row = await insertHistoryRow(db(), { userId: ada.id });
    await db().insert(feedback).values({ generationId: row.id, userId: ada.id, rating: 2 });
    const response = await remove(ada, `/api/history/${row.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect((await get(ada, `/api/history/${row.id}`)).statusCode).toBe(404);
    expect(await db().select().from(feedback).where(eq(feedback.generationId, row.id))).toEqual([]);
    expect((await remove(ada, `/api/history/${row.id}`)).statusCode).toBe(404);
  });

  it("deletes a conversation with its last turn, and keeps one that has turns left", async () => {
    const conversation = await insertConversation(db(), ada.id, "Two turns");
    const first = await insertHistoryRow(db(), { userId: ada.id, conversationId: conversation.id });
    const second = await insertHistoryRow(db(), {
      userId: ada.id,
      conversationId: conversation.id,
    });
    const detail = () => get(ada, `/api/conversations/${conversation.id}`);

    expect((await remove(ada, `/api/history/${first.id}`)).statusCode).toBe(204);
    expect((await detail()).json().turnCount).toBe(1);
    expect((await remove(ada, `/api/history/${second.id}`)).statusCode).toBe(204);
    expect((await detail()).statusCode).toBe(404);
  });

  it("leaves another user's row alone and answers 404", async () => {
    const graces = await insertHistoryRow(db(), { userId: grace.id });
    const response = await remove(ada, `/api/history/${graces.id}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("history.not_found");
    expect(await db().select().from(generations).where(eq(generations.id, graces.id))).toHaveLength(
      1,
    );
    expect((await remove(ada, "/api/history/not-a-uuid")).statusCode).toBe(400);
  });
});
