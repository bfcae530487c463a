import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations, feedback, generations } from "../db/schema";
import { insertConversation, insertHistoryRow } from "../history/history-testing";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// The account export and account deletion cover conversations, history and feedback.
let testApp: TestApp;
let ada: TestUser;
let grace: TestUser;
let adaConversationId: string;
let adaTurnId: string;
beforeAll(async () => {
  testApp = await buildTestApp();
  await signUpUser(testApp.app); // the admin, so Ada and Grace are ordinary users
  ada = await signUpUser(testApp.app);
  grace = await signUpUser(testApp.app);
  const db = testApp.app.database.db;
  for (const user of [ada, grace]) {
    const conversation = await insertConversation(db, user.id, `${user.username}'s thread`);
    const turn = await insertHistoryRow(db, {
      userId: user.id,
      conversationId: conversation.id,
      prompt: `${user.username} asks`,
    });
    await insertHistoryRow(db, {
      userId: user.id,
      kind: "explain",
      style: "technical",
      prompt: `${user.username}'s code`,
    });
    await db.insert(feedback).values({
      generationId: turn.id,
      userId: user.id,
      rating: 4,
      comment: "The book was good.",
      sentimentCompound: 0.4404,
      sentimentPositive: 0.492,
      sentimentNeutral: 0.508,
      sentimentNegative: 0,
      sentimentLabel: "positive",
    });
    if (user === ada) {
      adaConversationId = conversation.id;
      adaTurnId = turn.id;
    }
  }
});
afterAll(() => testApp.close());

const db = () => testApp.app.database.db;

describe("GET /api/me/export", () => {
  it("includes one's conversations, history with kinds and styles, and feedback", async () => {
    const response = await testApp.app.inject({
      method: "GET",
      url: "/api/me/export",
      headers: ada.headers,
    });
    expect(response.statusCode).toBe(200);
    const data = response.json();
    expect(data.conversations).toEqual([
      expect.objectContaining({ id: adaConversationId, title: `${ada.username}'s thread` }),
    ]);
    expect(data.generations).toEqual([
      expect.objectContaining({
        id: adaTurnId,
        kind: "generate",
        conversationId: adaConversationId,
        prompt: `${ada.username} asks`,
      }),
      expect.objectContaining({ kind: "explain", style: "technical", conversationId: null }),
    ]);
    expect(data.feedback).toEqual([
      expect.objectContaining({
        generationId: adaTurnId,
        rating: 4,
        comment: "The book was good.",
        sentimentLabel: "positive",
      }),
    ]);
    expect(response.body).not.toContain(grace.username);
  });
});

describe("DELETE /api/me", () => {
  it("deletes one's conversations, history and feedback, and no one else's", async () => {
    const response = await testApp.app.inject({
      method: "DELETE",
      url: "/api/me",
      payload: { password: ada.password },
      headers: ada.headers,
    });
    expect(response.statusCode).toBe(204);
    const count = async (userId: string) => ({
      conversations: (
        await db().select().from(conversations).where(eq(conversations.userId, userId))
      ).length,
      generations: (await db().select().from(generations).where(eq(generations.userId, userId)))
        .length,
      feedback: (await db().select().from(feedback).where(eq(feedback.userId, userId))).length,
    });
    expect(await count(ada.id)).toEqual({ conversations: 0, generations: 0, feedback: 0 });
    expect(await count(grace.id)).toEqual({ conversations: 1, generations: 2, feedback: 1 });
  });
});
