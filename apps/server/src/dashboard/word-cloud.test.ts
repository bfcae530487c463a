import type { TAdminFeedbackResponse, TWordCloudResponse } from "@codegenie/shared";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedback } from "../db/schema";
import { insertHistoryRow } from "../history/history-testing";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";
import { insertFeedbackRow } from "./dashboard-testing";

// GET /api/admin/wordcloud and GET /api/admin/feedback over comments written straight into the
// embedded database; the terms are computed by the database (feedback.comment_terms).
let testApp: TestApp;
let admin: TestUser;
let ann: TestUser;
let bob: TestUser;
const ids: Record<string, string> = {};
beforeAll(async () => {
  testApp = await buildTestApp({ CODE_AUTO_RUN_LANGUAGES: "none" });
  admin = await signUpUser(testApp.app);
  ann = await signUpUser(testApp.app);
  bob = await signUpUser(testApp.app);
  await seed();
});
afterAll(() => testApp.close());

const COMMENTS = [
  // name, author, model, kind, rating, day, comment, compound
  ["c1", "ann", "coder", "generate", 2, "01", "The errors in the classes are confusing.", -0.5],
  ["c2", "bob", "general", "explain", 5, "02", "Great queries, no errors!", 0.75],
  ["c3", "ann", "coder", "generate", 1, "03", "Query was slow; the class had an ERROR.", -0.25],
  ["c4", "bob", "coder", "generate", 4, "04", "Ça marche très bien: café 42 python3", 0.5],
  ["c5", "ann", "general", "generate", 3, "05", "This is it: its status.", 0],
] as const;

async function seed() {
  const db = testApp.app.database.db;
  const authors = { ann, bob };
  for (const [name, author, model, kind, rating, day, comment, compound] of COMMENTS) {
    const createdAt = new Date(`2025-07-${day}T12:00:00Z`);
    const userId = authors[author].id;
    const row = await insertHistoryRow(db, { userId, modelId: model, kind, createdAt });
    ids[name] = row.id;
    await insertFeedbackRow(db, {
      generationId: row.id,
      userId,
      rating,
      createdAt,
      comment,
      compound,
    });
  }
  // A rating without a comment, and a comment outside the range: neither has terms in range.
  const bare = await insertHistoryRow(db, {
    userId: ann.id,
    createdAt: new Date("2025-07-02T00:00:00Z"),
  });
  await insertFeedbackRow(db, {
    generationId: bare.id,
    userId: ann.id,
    rating: 5,
    createdAt: new Date("2025-07-02T00:00:00Z"),
  });
  const old = await insertHistoryRow(db, {
    userId: ann.id,
    createdAt: new Date("2025-06-15T00:00:00Z"),
  });
  await insertFeedbackRow(db, {
    generationId: old.id,
    userId: ann.id,
    rating: 1,
    createdAt: new Date("2025-06-15T00:00:00Z"),
    comment: "errors errors errors",
    compound: -1,
  });
}

const RANGE = "from=2025-07-01T00:00:00Z&to=2025-08-01T00:00:00Z";

async function getJson<T>(url: string): Promise<T> {
  const response = await testApp.app.inject({ method: "GET", url, headers: admin.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe("GET /api/admin/wordcloud", () => {
  it("counts the comments containing each term, without stop words, plurals folded", async () => {
    const body = await getJson<TWordCloudResponse>(`/api/admin/wordcloud?${RANGE}`);
    expect(body).toMatchObject({ from: "2025-07-01T00:00:00.000Z", sentiment: null, comments: 5 });
    // "errors"/"ERROR" → error (c1, c2, c3); "classes"/"class" → class; "queries"/"Query" → query.
    expect(body.terms.slice(0, 3)).toEqual([
      { term: "error", count: 3, sentimentMean: 0 }, // (−0.5 + 0.75 − 0.25) / 3
      { term: "class", count: 2, sentimentMean: -0.375 },
      { term: "query", count: 2, sentimentMean: 0.25 },
    ]);
    const terms = body.terms.map(({ term }) => term);
    // Accents kept, digits inside words kept, numbers alone dropped; "status" is not a plural.
    expect(terms.slice(3).sort()).toEqual(
      [
        "bien",
        "café",
        "confusing",
        "great",
        "marche",
        "python3",
        "slow",
        "status",
        "très",
        "ça",
      ].sort(),
    );
    // Stop words (the stopword package's and ours) and single letters never appear; nor "i"
    // from folding "is", nor the unfolded plurals.
    for (const word of [
      "the",
      "in",
      "are",
      "was",
      "had",
      "an",
      "is",
      "it",
      "its",
      "this",
      "no",
      "i",
      "42",
    ]) {
      expect(terms).not.toContain(word);
    }
    expect(terms).not.toContain("errors");
    expect(terms).not.toContain("classes");
    expect(terms).not.toContain("queries");
  });

  it("looks at negative comments only when asked, and honours the limit", async () => {
    const negative = await getJson<TWordCloudResponse>(
      `/api/admin/wordcloud?${RANGE}&sentiment=negative`,
    );
    expect(negative.sentiment).toBe("negative");
    expect(negative.comments).toBe(2);
    expect(negative.terms).toEqual([
      { term: "class", count: 2, sentimentMean: -0.375 },
      { term: "error", count: 2, sentimentMean: -0.375 },
      { term: "confusing", count: 1, sentimentMean: -0.5 },
      { term: "query", count: 1, sentimentMean: -0.25 },
      { term: "slow", count: 1, sentimentMean: -0.25 },
    ]);
    const top = await getJson<TWordCloudResponse>(`/api/admin/wordcloud?${RANGE}&limit=2`);
    expect(top.terms.map(({ term }) => term)).toEqual(["error", "class"]);
    // June holds one comment that says "errors" three times: one comment, counted once.
    const june = await getJson<TWordCloudResponse>(
      "/api/admin/wordcloud?from=2025-06-01T00:00:00Z&to=2025-07-01T00:00:00Z",
    );
    expect(june.terms).toEqual([{ term: "error", count: 1, sentimentMean: -1 }]);
  });

  it("recomputes the terms when a comment is edited", async () => {
    const db = testApp.app.database.db;
    const edited = await insertHistoryRow(db, {
      userId: bob.id,
      createdAt: new Date("2025-08-10T00:00:00Z"),
    });
    await insertFeedbackRow(db, {
      generationId: edited.id,
      userId: bob.id,
      rating: 2,
      createdAt: new Date("2025-08-10T00:00:00Z"),
      comment: "Slow tests",
      compound: -0.25,
    });
    await db
      .update(feedback)
      .set({ comment: "Fast builds" })
      .where(eq(feedback.generationId, edited.id));
    const body = await getJson<TWordCloudResponse>(
      "/api/admin/wordcloud?from=2025-08-01T00:00:00Z&to=2025-09-01T00:00:00Z",
    );
    expect(body.terms.map(({ term }) => term)).toEqual(["build", "fast"]);
    await db.delete(feedback).where(sql`${feedback.generationId} = ${edited.id}`);
  });
});

describe("GET /api/admin/feedback", () => {
  const list = (query: string) =>
    getJson<TAdminFeedbackResponse>(`/api/admin/feedback?${RANGE}&${query}`);
  const names = (body: TAdminFeedbackResponse) =>
    body.feedback.map(
      (item) => Object.keys(ids).find((name) => ids[name] === item.queryId) ?? "bare",
    );

  it("lists the feedback of the range newest first, with author, model and sentiment", async () => {
    const body = await list("");
    expect(body).toMatchObject({ total: 6, page: 1, pageSize: 25 });
    expect(names(body)).toEqual(["c5", "c4", "c3", "c2", "bare", "c1"]);
    const c2 = body.feedback[3];
    expect(c2).toMatchObject({
      queryId: ids.c2,
      rating: 5,
      comment: "Great queries, no errors!",
      sentiment: { label: "positive", compound: 0.75 },
      user: { id: bob.id, username: bob.username },
      model: "general",
      kind: "explain",
      createdAt: "2025-07-02T12:00:00.000Z",
    });
    expect(body.feedback[4]).toMatchObject({ comment: null, sentiment: null });
    // Nothing of the terms or other internals leaks into the rows.
    expect(Object.keys(c2 ?? {}).sort()).toEqual(
      [
        "comment",
        "createdAt",
        "id",
        "kind",
        "model",
        "queryId",
        "rating",
        "sentiment",
        "updatedAt",
        "user",
      ].sort(),
    );
  });

  it("finds the comments containing a word the way the cloud counts it", async () => {
    expect(names(await list("word=error"))).toEqual(["c3", "c2", "c1"]);
    expect(names(await list("word=Errors"))).toEqual(["c3", "c2", "c1"]);
    expect(names(await list("word=classes"))).toEqual(["c3", "c1"]);
    expect(names(await list("word=caf%C3%A9"))).toEqual(["c4"]);
    expect(names(await list("word=status"))).toEqual(["c5"]);
    // A word with no term in it (punctuation, one letter) matches nothing, and is no error.
    expect((await list("word=%21%21%21")).total).toBe(0);
    // Text that would be a LIKE or regex pattern is only a word.
    expect((await list("word=%25")).total).toBe(0);
    expect((await list("word=.*")).total).toBe(0);
  });

  it("filters by rating, sentiment and model, and pages", async () => {
    expect(names(await list("rating=5"))).toEqual(["c2", "bare"]);
    expect(names(await list("sentiment=negative"))).toEqual(["c3", "c1"]);
    expect(names(await list("model=general"))).toEqual(["c5", "c2"]);
    expect(names(await list("model=coder&sentiment=negative&word=class"))).toEqual(["c3", "c1"]);
    expect((await list("model=nobody")).total).toBe(0);
    const second = await list("pageSize=2&page=2");
    expect(second).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect(names(second)).toEqual(["c3", "c2"]);
  });
});
