import type { TConversation } from "@codegenie/shared";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations, feedback, generations } from "../db/schema";
import { insertConversation, insertHistoryRow } from "../history/history-testing";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// The conversations API over HTTP on the embedded database; conversations and their turns are
// written the way the generation service writes them.
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
const call = (who: TestUser, method: "GET" | "PATCH" | "DELETE", url: string, payload?: object) =>
  testApp.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

/** A conversation of `userId` with `turns` turns, a second apart from `start`. */
async function conversationWithTurns(userId: string, title: string, turns: number, start: Date) {
  const conversation = await insertConversation(db(), userId, title);
  const rows = [];
  for (let index = 0; index < turns; index += 1) {
    rows.push(
      await insertHistoryRow(db(), {
        userId,
        conversationId: conversation.id,
        prompt: `${title}: question ${index + 1}`,
        responseText: `${title}: answer ${index + 1}`,
        createdAt: new Date(start.getTime() + index * 1000),
      }),
    );
  }
  return { conversation, rows };
}

describe("GET /api/conversations", () => {
  let lister: TestUser;
  let expectedOrder: string[];
  beforeAll(async () => {
    lister = await signUpUser(testApp.app);
    // Four share one update time to the microsecond; the cursor must keep them all.
    for (let index = 0; index < 4; index += 1) {
      await insertConversation(
        db(),
        lister.id,
        `Same instant ${index}`,
        sql`'2025-04-01 12:00:00.654321+00'::timestamptz`,
      );
    }
    for (let index = 0; index < 5; index += 1) {
      await insertConversation(
        db(),
        lister.id,
        `Older ${index}`,
        new Date(Date.UTC(2025, 3, 1, 11, index)),
      );
    }
    const { conversation } = await conversationWithTurns(
      lister.id,
      "Newest",
      3,
      new Date(Date.UTC(2025, 3, 2)),
    );
    await db()
      .update(conversations)
      .set({ updatedAt: new Date(Date.UTC(2025, 3, 2, 1)) })
      .where(eq(conversations.id, conversation.id));
    const ordered = await db()
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.userId, lister.id))
      .orderBy(sql`${conversations.updatedAt} desc, ${conversations.id} asc`);
    expectedOrder = ordered.map((row) => row.id);
  });

  it("lists every own conversation once, most recently active first, across pages", async () => {
    for (const limit of [1, 2, 3, 10, 20]) {
      const seen: TConversation[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const response = await call(lister, "GET", `/api/conversations?limit=${limit}${query}`);
        expect(response.statusCode).toBe(200);
        const page = response.json();
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null && seen.length <= expectedOrder.length);
      expect(seen.map((conversation) => conversation.id)).toEqual(expectedOrder);
    }
  });

  it("counts the turns of each conversation", async () => {
    const response = await call(lister, "GET", "/api/conversations?limit=2");
    const [newest, other] = response.json().items;
    expect(newest).toMatchObject({ title: "Newest", turnCount: 3 });
    expect(other.turnCount).toBe(0);
  });

  it("shows no one else's conversations and refuses a bad cursor", async () => {
    const response = await call(grace, "GET", "/api/conversations?limit=100");
    const ids = response.json().items.map((conversation: TConversation) => conversation.id);
    expect(ids.some((id: string) => expectedOrder.includes(id))).toBe(false);
    const bad = await call(lister, "GET", "/api/conversations?cursor=abc");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("request.invalid");
  });
});

describe("GET /api/conversations/:id", () => {
  it("shows the conversation with its turns, oldest first, as history items", async () => {
    const { conversation, rows } = await conversationWithTurns(
      ada.id,
      "Sorting",
      3,
      new Date(Date.UTC(2025, 4, 1)),
    );
    await db()
      .insert(feedback)
      .values({ generationId: rows[1]?.id ?? "", userId: ada.id, rating: 3 });
    const response = await call(ada, "GET", `/api/conversations/${conversation.id}`);
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    expect(detail).toMatchObject({ id: conversation.id, title: "Sorting", turnCount: 3 });
    expect(detail.turns.map((turn: { id: string }) => turn.id)).toEqual(rows.map((row) => row.id));
    expect(detail.turns[0]).toMatchObject({
      prompt: "Sorting: question 1",
      answer: "Sorting: answer 1",
      conversationId: conversation.id,
      feedback: null,
    });
    expect(detail.turns[1].feedback).toMatchObject({ rating: 3, sentiment: null });
  });
});

describe("PATCH /api/conversations/:id", () => {
  it("renames one's own conversation and moves it to the top", async () => {
    const { conversation } = await conversationWithTurns(
      ada.id,
      "Untitled",
      1,
      new Date(Date.UTC(2024, 0, 1)),
    );
    await db()
      .update(conversations)
      .set({ updatedAt: new Date(Date.UTC(2024, 0, 1)) })
      .where(eq(conversations.id, conversation.id));
    const response = await call(ada, "PATCH", `/api/conversations/${conversation.id}`, {
      title: "  Binary search in Go  ",
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: conversation.id,
      title: "Binary search in Go",
      turnCount: 1,
    });
    expect(Date.parse(response.json().updatedAt)).toBeGreaterThan(Date.UTC(2024, 0, 2));
    const list = await call(ada, "GET", "/api/conversations?limit=1");
    expect(list.json().items[0].id).toBe(conversation.id);
  });

  it("refuses an empty or too long title", async () => {
    const conversation = await insertConversation(db(), ada.id, "Keep me");
    for (const title of ["", "   ", "x".repeat(121)]) {
      const response = await call(ada, "PATCH", `/api/conversations/${conversation.id}`, { title });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe("request.invalid");
    }
    const [stored] = await db()
      .select()
      .from(conversations)
      .where(eq(conversations.id, conversation.id));
    expect(stored?.title).toBe("Keep me");
  });
});

describe("DELETE /api/conversations/:id", () => {
  it("deletes the conversation with its turns and their feedback", async () => {
    const { conversation, rows } = await conversationWithTurns(
      ada.id,
      "Doomed",
      2,
      new Date(Date.UTC(2025, 5, 1)),
    );
    const keep = await insertHistoryRow(db(), { userId: ada.id, prompt: "Not in it" });
    const turnIds = rows.map((row) => row.id);
    for (const id of [...turnIds, keep.id]) {
      await db().insert(feedback).values({ generationId: id, userId: ada.id, rating: 4 });
    }
    const response = await call(ada, "DELETE", `/api/conversations/${conversation.id}`);
    expect(response.statusCode).toBe(204);
    expect((await call(ada, "GET", `/api/conversations/${conversation.id}`)).statusCode).toBe(404);
    expect(
      await db().select().from(generations).where(inArray(generations.id, turnIds)),
    ).toHaveLength(0);
    expect(
      await db().select().from(feedback).where(inArray(feedback.generationId, turnIds)),
    ).toHaveLength(0);
    expect((await call(ada, "GET", `/api/history/${keep.id}`)).json().feedback.rating).toBe(4);
    expect((await call(ada, "DELETE", `/api/conversations/${conversation.id}`)).statusCode).toBe(
      404,
    );
  });
});

describe("another user's conversation", () => {
  it("answers 404 conversation.not_found on every route and changes nothing", async () => {
    const { conversation } = await conversationWithTurns(
      grace.id,
      "Grace's plans",
      1,
      new Date(Date.UTC(2025, 6, 1)),
    );
    for (const id of [conversation.id, crypto.randomUUID()]) {
      for (const [method, payload] of [
        ["GET", undefined],
        ["PATCH", { title: "Mine now" }],
        ["DELETE", undefined],
      ] as const) {
        const response = await call(ada, method, `/api/conversations/${id}`, payload);
        expect(response.statusCode, `${method} ${id}`).toBe(404);
        expect(response.json().error.code).toBe("conversation.not_found");
      }
    }
    const mine = await call(grace, "GET", `/api/conversations/${conversation.id}`);
    expect(mine.json()).toMatchObject({ title: "Grace's plans", turnCount: 1 });
  });

  it("answers 400 for an id that is not a UUID", async () => {
    for (const method of ["GET", "DELETE"] as const) {
      const response = await call(ada, method, "/api/conversations/1");
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe("request.invalid");
    }
  });
});
