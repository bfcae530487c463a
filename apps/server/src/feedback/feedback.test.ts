import { FEEDBACK_COMMENT_MAX_CHARS } from "@codegenie/shared";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedback } from "../db/schema";
import { insertHistoryRow } from "../history/history-testing";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// POST /api/feedback over HTTP on the embedded database, with the real VADER scorer.
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
const rate = (who: TestUser, payload: object) =>
  testApp.app.inject({ method: "POST", url: "/api/feedback", headers: who.headers, payload });
const storedFor = (generationId: string) =>
  db().select().from(feedback).where(eq(feedback.generationId, generationId));
const answerOf = async (who: TestUser) => (await insertHistoryRow(db(), { userId: who.id })).id;

describe("POST /api/feedback", () => {
  it("creates feedback with the comment's VADER sentiment (201)", async () => {
    const queryId = await answerOf(ada);
    const response = await rate(ada, {
      queryId,
      rating: 5,
      comment: "VADER is smart, handsome, and funny.",
    });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      queryId,
      rating: 5,
      comment: "VADER is smart, handsome, and funny.",
      sentiment: {
        compound: 0.8316,
        positive: 0.746,
        neutral: 0.254,
        negative: 0,
        label: "positive",
      },
    });
    expect(created.createdAt).toBe(created.updatedAt);
    const [stored] = await storedFor(queryId);
    expect(stored).toMatchObject({ userId: ada.id, rating: 5, sentimentLabel: "positive" });
    expect(stored?.sentimentCompound).toBeCloseTo(0.8316, 4);
    const history = await testApp.app.inject({
      method: "GET",
      url: `/api/history/${queryId}`,
      headers: ada.headers,
    });
    expect(history.json().feedback).toEqual(created);
  });

  it("edits the one feedback of an answer (200), keeping its id and moving updatedAt", async () => {
    const queryId = await answerOf(ada);
    const first = (await rate(ada, { queryId, rating: 4, comment: "The book was good." })).json();
    // Back-date it, so the edit's new time differs even within one millisecond.
    const anHourBefore = new Date(Date.parse(first.updatedAt) - 3_600_000);
    await db()
      .update(feedback)
      .set({ createdAt: anHourBefore, updatedAt: anHourBefore })
      .where(eq(feedback.id, first.id));
    const edited = await rate(ada, { queryId, rating: 1, comment: "Today SUX!" });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      id: first.id,
      rating: 1,
      comment: "Today SUX!",
      sentiment: { compound: -0.5461, negative: 0.779, label: "negative" },
      createdAt: anHourBefore.toISOString(),
    });
    expect(Date.parse(edited.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.updatedAt));
    expect(await storedFor(queryId)).toHaveLength(1);

    const withoutComment = await rate(ada, { queryId, rating: 3 });
    expect(withoutComment.statusCode).toBe(200);
    expect(withoutComment.json()).toMatchObject({ rating: 3, comment: null, sentiment: null });
    const [stored] = await storedFor(queryId);
    expect(stored).toMatchObject({ comment: null, sentimentCompound: null, sentimentLabel: null });
  });

  it("labels a comment without sentiment neutral, and an empty comment as none", async () => {
    const neutral = await rate(ada, {
      queryId: await answerOf(ada),
      rating: 3,
      comment: "It prints the list.",
    });
    expect(neutral.json().sentiment).toEqual({
      compound: 0,
      positive: 0,
      neutral: 1,
      negative: 0,
      label: "neutral",
    });
    const blank = await rate(ada, { queryId: await answerOf(ada), rating: 2, comment: "   " });
    expect(blank.statusCode).toBe(201);
    expect(blank.json()).toMatchObject({ comment: null, sentiment: null });
  });

  it("refuses a rating outside 1–5 or a too long comment, writing nothing", async () => {
    const queryId = await answerOf(ada);
    for (const payload of [
      { queryId, rating: 0 },
      { queryId, rating: 6 },
      { queryId, rating: 4.5 },
      { queryId, rating: "5" },
      { queryId },
      { queryId, rating: 4, comment: "x".repeat(FEEDBACK_COMMENT_MAX_CHARS + 1) },
      { queryId: "not-a-uuid", rating: 4 },
    ]) {
      const response = await rate(ada, payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(response.json().error.code).toBe("request.invalid");
    }
    expect(await storedFor(queryId)).toEqual([]);
  });

  it("answers 404 for someone else's answer or an unknown one, writing nothing", async () => {
    const gracesAnswer = await answerOf(grace);
    for (const queryId of [gracesAnswer, crypto.randomUUID()]) {
      const response = await rate(ada, { queryId, rating: 1, comment: "Today SUX!" });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("history.not_found");
    }
    expect(await storedFor(gracesAnswer)).toEqual([]);

    // Grace's own rating cannot be overwritten by Ada either.
    await rate(grace, { queryId: gracesAnswer, rating: 5 });
    expect((await rate(ada, { queryId: gracesAnswer, rating: 1 })).statusCode).toBe(404);
    const [stored] = await storedFor(gracesAnswer);
    expect(stored).toMatchObject({ userId: grace.id, rating: 5 });
  });

  it("is for signed-in users only", async () => {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/api/feedback",
      payload: { queryId: crypto.randomUUID(), rating: 5 },
    });
    expect(response.statusCode).toBe(401);
  });
});
