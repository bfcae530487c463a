import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedback, users } from "../db/schema";
import { insertHistoryRow } from "../history/history-testing";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// The user listing's figures and sorts, and one user's page, on a small data set whose figures
// are worked out by hand below. Rows are inserted directly (no model engine).
let testApp: TestApp;
let admin: TestUser;
let member: TestUser;
const ids: Record<string, string> = {};
const historyIds: string[] = [];

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

/**
 * The data set (all usernames start with `fig-`):
 * - fig-delta: signed in 2025-12-31; queries 2026-01-01, 01-02, 01-03 rated 5, 2, 4
 *   → 3 queries, average 11/3 = 3.67, last active 2026-01-03 (its last query).
 * - fig-bravo: signed in 2026-03-01; queries 2026-01-09, 01-10 rated 1, 2
 *   → 2 queries, average 1.5, last active 2026-03-01 (its sign-in).
 * - fig-alpha: never signed in; one query 2026-02-01 rated 4 → 1, 4, 2026-02-01.
 * - fig-charlie: nothing → 0 queries, no average, never active.
 */
async function seed(): Promise<void> {
  const db = testApp.app.database.db;
  const people = [
    { username: "fig-delta", lastLoginAt: day("2025-12-31"), createdAt: day("2025-10-01") },
    { username: "fig-bravo", lastLoginAt: day("2026-03-01"), createdAt: day("2025-10-02") },
    { username: "fig-alpha", lastLoginAt: null, createdAt: day("2025-10-03") },
    { username: "fig-charlie", lastLoginAt: null, createdAt: day("2025-10-04") },
  ];
  for (const person of people) {
    const [row] = await db
      .insert(users)
      .values({
        ...person,
        displayName: person.username.toUpperCase(),
        email: `${person.username}@figures.test`,
        passwordHash: "pbkdf2_sha256$1000$c2FsdA$aGFzaA",
      })
      .returning();
    ids[person.username] = row?.id as string;
  }
  const rated: [string, string, number][] = [
    ["fig-delta", "2026-01-01", 5],
    ["fig-delta", "2026-01-02", 2],
    ["fig-delta", "2026-01-03", 4],
    ["fig-bravo", "2026-01-09", 1],
    ["fig-bravo", "2026-01-10", 2],
    ["fig-alpha", "2026-02-01", 4],
  ];
  for (const [username, date, rating] of rated) {
    const userId = ids[username] as string;
    const row = await insertHistoryRow(db, {
      userId,
      prompt: `Question of ${username} on ${date}`,
      createdAt: day(date),
    });
    if (username === "fig-delta") historyIds.push(row.id);
    await db.insert(feedback).values({
      generationId: row.id,
      userId,
      rating,
      comment: `Rated ${rating}`,
      createdAt: day(date),
    });
  }
}

beforeAll(async () => {
  testApp = await buildTestApp({ AUTH_RATE_LIMIT_MAX: "1000" });
  admin = await signUpUser(testApp.app, { username: "root-admin" });
  member = await signUpUser(testApp.app, { username: "member" });
  await seed();
});
afterAll(() => testApp.close());

const get = (url: string, as: TestUser = admin) =>
  testApp.app.inject({ method: "GET", url, headers: as.headers });

async function listFig(query: string): Promise<string[]> {
  const response = await get(`/api/admin/users?q=fig-&${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().users.map((user: { username: string }) => user.username);
}

describe("GET /api/admin/users figures and sorting", () => {
  it("shows each user's query count, average rating and last activity", async () => {
    const body = (await get("/api/admin/users?q=fig-&sort=username&order=asc")).json();
    const figures = Object.fromEntries(
      body.users.map((user: Record<string, unknown>) => [
        user.username,
        [user.queryCount, user.averageRating, user.lastActiveAt],
      ]),
    );
    expect(figures).toEqual({
      "fig-alpha": [1, 4, day("2026-02-01").toISOString()],
      "fig-bravo": [2, 1.5, day("2026-03-01").toISOString()],
      "fig-charlie": [0, null, null],
      "fig-delta": [3, 3.67, day("2026-01-03").toISOString()],
    });
    expect(body.total).toBe(4);
  });

  it("sorts by each key in both directions, users without a value last", async () => {
    expect(await listFig("sort=queryCount")).toEqual([
      "fig-delta",
      "fig-bravo",
      "fig-alpha",
      "fig-charlie",
    ]);
    expect(await listFig("sort=queryCount&order=asc")).toEqual([
      "fig-charlie",
      "fig-alpha",
      "fig-bravo",
      "fig-delta",
    ]);
    expect(await listFig("sort=lastActive")).toEqual([
      "fig-bravo",
      "fig-alpha",
      "fig-delta",
      "fig-charlie",
    ]);
    expect(await listFig("sort=lastActive&order=asc")).toEqual([
      "fig-delta",
      "fig-alpha",
      "fig-bravo",
      "fig-charlie",
    ]);
    expect(await listFig("sort=averageRating")).toEqual([
      "fig-alpha",
      "fig-delta",
      "fig-bravo",
      "fig-charlie",
    ]);
    expect(await listFig("sort=averageRating&order=asc")).toEqual([
      "fig-bravo",
      "fig-delta",
      "fig-alpha",
      "fig-charlie",
    ]);
    expect(await listFig("sort=username")).toEqual([
      "fig-delta",
      "fig-charlie",
      "fig-bravo",
      "fig-alpha",
    ]);
    expect(await listFig("sort=created&order=asc")).toEqual([
      "fig-delta",
      "fig-bravo",
      "fig-alpha",
      "fig-charlie",
    ]);
  });

  it("pages a sorted listing without repeating anyone", async () => {
    const first = await listFig("sort=queryCount&pageSize=3&page=1");
    const second = await listFig("sort=queryCount&pageSize=3&page=2");
    expect([...first, ...second]).toEqual(["fig-delta", "fig-bravo", "fig-alpha", "fig-charlie"]);
  });

  it("counts a signed-in user's sign-in as activity", async () => {
    const [root] = (await get("/api/admin/users?q=root-admin")).json().users;
    expect(root.queryCount).toBe(0);
    expect(root.averageRating).toBeNull();
    expect(root.lastActiveAt).toBe(root.lastLoginAt);
  });

  it("rejects unknown sort keys and orders with 400", async () => {
    for (const query of ["sort=rating", "order=up", "sort="]) {
      const response = await get(`/api/admin/users?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe("request.invalid");
    }
  });
});

describe("one user's page", () => {
  it("GET /api/admin/users/:id shows the figures with feedback and live sessions", async () => {
    const delta = await get(`/api/admin/users/${ids["fig-delta"]}`);
    expect(delta.statusCode).toBe(200);
    expect(delta.json()).toMatchObject({
      id: ids["fig-delta"],
      username: "fig-delta",
      queryCount: 3,
      feedbackCount: 3,
      averageRating: 3.67,
      lastActiveAt: day("2026-01-03").toISOString(),
      liveSessionCount: 0,
      isPasswordResetRequired: false,
    });
    const signedIn = (await get(`/api/admin/users/${member.id}`)).json();
    expect(signedIn.liveSessionCount).toBe(1);
  });

  it("GET /api/admin/users/:id/history pages their rows newest first, with feedback", async () => {
    const first = (await get(`/api/admin/users/${ids["fig-delta"]}/history?pageSize=2`)).json();
    expect(first.total).toBe(3);
    expect(first.items.map((item: { id: string }) => item.id)).toEqual([
      historyIds[2],
      historyIds[1],
    ]);
    expect(first.items[0]).toMatchObject({
      prompt: "Question of fig-delta on 2026-01-03",
      feedback: { rating: 4, comment: "Rated 4" },
    });
    const second = (
      await get(`/api/admin/users/${ids["fig-delta"]}/history?pageSize=2&page=2`)
    ).json();
    expect(second.items.map((item: { id: string }) => item.id)).toEqual([historyIds[0]]);
  });

  it("GET /api/admin/users/:id/feedback lists their ratings with what they rate", async () => {
    const body = (await get(`/api/admin/users/${ids["fig-bravo"]}/feedback`)).json();
    expect(body.total).toBe(2);
    expect(
      body.items.map((item: { rating: number; promptStart: string }) => [
        item.rating,
        item.promptStart,
      ]),
    ).toEqual([
      [2, "Question of fig-bravo on 2026-01-10"],
      [1, "Question of fig-bravo on 2026-01-09"],
    ]);
    expect(body.items[0]).toMatchObject({ kind: "generate", model: expect.any(String) });
  });

  it("answers 404 user.not_found for an unknown user and 400 for a malformed id", async () => {
    for (const suffix of ["", "/history", "/feedback"]) {
      const unknown = await get(`/api/admin/users/${randomUUID()}${suffix}`);
      expect(unknown.statusCode, suffix).toBe(404);
      expect(unknown.json().error.code).toBe("user.not_found");
      const malformed = await get(`/api/admin/users/nope${suffix}`);
      expect(malformed.statusCode, suffix).toBe(400);
    }
  });
});
