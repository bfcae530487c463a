import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiKeys,
  auditLog,
  feedback,
  passwordResetCodes,
  refreshTokens,
  users,
} from "../db/schema";
import { insertHistoryRow } from "../history/history-testing";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// The admin's global search on the embedded database, rows inserted directly (no model engine).
let testApp: TestApp;
let admin: TestUser;
let member: TestUser;
const ids: Record<string, string> = {};

const SECURITY_QUESTIONS = [
  { question: "Which street did my grandparents live on?", answer: "Zanzibar Lane" },
  { question: "Name of my first robot vacuum?", answer: "Dusty" },
];

/** Inserts a user straight into the database (with a recognisable fake hash). */
async function insertUser(username: string, displayName: string, email: string) {
  const [row] = await testApp.app.database.db
    .insert(users)
    .values({
      username,
      displayName,
      email,
      passwordHash: `pbkdf2_sha256$1000$c2FsdHlzYWx0$${username}Hashvalue`,
    })
    .returning();
  if (!row) throw new Error("no user inserted");
  ids[username] = row.id;
  return row;
}

const search = (query: string, as: TestUser = admin) =>
  testApp.app.inject({ method: "GET", url: `/api/admin/search?${query}`, headers: as.headers });
const searchFor = async (q: string, extra = "") => {
  const response = await search(`q=${encodeURIComponent(q)}${extra}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

/** The marked words of a snippet. */
const matchesOf = (parts: { text: string; isMatch: boolean }[]) =>
  parts.filter((part) => part.isMatch).map((part) => part.text);

beforeAll(async () => {
  testApp = await buildTestApp({ AUTH_RATE_LIMIT_MAX: "1000" });
  admin = await signUpUser(testApp.app, { username: "root-admin" });
  member = await signUpUser(testApp.app, { username: "member" });
  const db = testApp.app.database.db;
  await insertUser("ada.lovelace", "Ada Lovelace", "ada@analytical.test");
  await insertUser("grace", "Grace Hopper", "grace@navy.test");
  await insertUser("hopper-fan", "Fan of Ada", "fan@example.test");

  // "quicksort" in the prompt of one row (weight A) and only in the answer of a newer one.
  const inPrompt = await insertHistoryRow(db, {
    userId: ids["ada.lovelace"] as string,
    prompt: "Write a quicksort in Python",
    responseText: "def sort_items(items): return sorted(items)",
    createdAt: new Date("2026-01-01T10:00:00Z"),
  });
  const inAnswer = await insertHistoryRow(db, {
    userId: ids.grace as string,
    prompt: "Sort a linked list",
    responseText: "A merge sort suits lists better than quicksort does.",
    createdAt: new Date("2026-01-02T10:00:00Z"),
  });
  ids.inPrompt = inPrompt.id;
  ids.inAnswer = inAnswer.id;
  for (let index = 0; index < 5; index++) {
    await insertHistoryRow(db, {
      userId: ids.grace as string,
      prompt: `Explain pagination strategy number ${index}`,
      createdAt: new Date(Date.UTC(2026, 0, 10 + index)),
    });
  }
  const [kind] = await db
    .insert(feedback)
    .values([
      {
        generationId: inPrompt.id,
        userId: ids["ada.lovelace"] as string,
        rating: 5,
        comment: "Wonderful recursion, <script>alert(1)</script> \uE000forged\uE001 marks",
        sentimentLabel: "positive",
        sentimentCompound: 0.6,
        sentimentPositive: 0.4,
        sentimentNeutral: 0.6,
        sentimentNegative: 0,
      },
    ])
    .returning();
  ids.feedback = kind?.id as string;
  await db.insert(auditLog).values({
    action: "user.promoted",
    actorId: admin.id,
    actorUsername: "root-admin",
    targetId: ids.grace,
    targetUsername: "grace",
    details: { note: "timbuktu escalation" },
  });
});
afterAll(() => testApp.close());

describe("GET /api/admin/search", () => {
  it("finds a term in each type, grouped, with links to the items", async () => {
    const body = await searchFor("Lovelace");
    expect(body.users.items.map((user: { id: string }) => user.id)).toEqual([ids["ada.lovelace"]]);
    expect(body.users.items[0]).toMatchObject({ username: "ada.lovelace", role: "user" });

    const history = (await searchFor("quicksort")).history;
    expect(history.items.map((item: { id: string }) => item.id)).toEqual([
      ids.inPrompt,
      ids.inAnswer,
    ]);
    expect(history.items[0]).toMatchObject({
      userId: ids["ada.lovelace"],
      username: "ada.lovelace",
    });
    expect(history.total).toBe(2);

    const comments = (await searchFor("recursion")).feedback;
    expect(comments.items).toHaveLength(1);
    expect(comments.items[0]).toMatchObject({
      id: ids.feedback,
      queryId: ids.inPrompt,
      userId: ids["ada.lovelace"],
      rating: 5,
      sentimentLabel: "positive",
    });

    const audit = (await searchFor("timbuktu")).audit;
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ action: "user.promoted", targetId: ids.grace });
    // Actions and user names are words too.
    expect((await searchFor("promoted grace", "&types=audit")).audit.total).toBe(1);
  });

  it("returns only the types asked for", async () => {
    const body = await searchFor("grace", "&types=users,audit");
    expect(Object.keys(body).sort()).toEqual(["audit", "page", "pageSize", "q", "users"]);
  });

  it("matches word forms and the start of the last word", async () => {
    // English stemming: "sorting" finds "Sort a linked list"; "quicks" is the start of a word.
    const sorting = (await searchFor("sorting", "&types=history")).history;
    expect(sorting.items.map((item: { id: string }) => item.id)).toContain(ids.inAnswer);
    const typing = (await searchFor("quicks", "&types=history")).history;
    expect(typing.total).toBe(2);
    // Every word must match: this prompt has "quicksort" but not "haskell".
    expect((await searchFor("haskell quicksort", "&types=history")).history.total).toBe(0);
  });

  it("finds users by the start of their id, email or user id, ranked before word matches", async () => {
    const adaId = ids["ada.lovelace"] as string;
    const byId = (await searchFor(adaId.slice(0, 8), "&types=users")).users;
    expect(byId.items[0]).toMatchObject({ id: adaId, isPrefixMatch: true });

    const byEmail = (await searchFor("grace@navy.te", "&types=users")).users;
    expect(byEmail.items.map((user: { username: string }) => user.username)).toEqual(["grace"]);
    expect(byEmail.items[0].isPrefixMatch).toBe(true);

    // ada.lovelace starts with "ada"; hopper-fan only has the word in "Fan of Ada".
    const ada = (await searchFor("ada", "&types=users")).users;
    expect(ada.items.map((user: { username: string }) => user.username)).toEqual([
      "ada.lovelace",
      "hopper-fan",
    ]);
    expect(ada.items.map((user: { isPrefixMatch: boolean }) => user.isPrefixMatch)).toEqual([
      true,
      false,
    ]);
    expect(ada.items[0].rank).toBeGreaterThan(ada.items[1].rank);
  });

  it("marks the matches in snippets as text parts, never as HTML", async () => {
    const [row] = (await searchFor("quicksort")).history.items;
    expect(matchesOf(row.prompt)).toEqual(["quicksort"]);
    expect(row.prompt.map((part: { text: string }) => part.text).join("")).toBe(
      "Write a quicksort in Python",
    );
    const hopper = (await searchFor("hopper", "&types=users")).users.items;
    const grace = hopper.find((user: { username: string }) => user.username === "grace");
    expect(matchesOf(grace.snippet)).toEqual(["Hopper"]);
    expect(grace.snippet.map((part: { text: string }) => part.text).join("")).toBe(
      "grace · Grace Hopper · grace@navy.test",
    );

    const [comment] = (await searchFor("recursion", "&types=feedback")).feedback.items;
    expect(matchesOf(comment.comment)).toEqual(["recursion"]);
    const text = comment.comment.map((part: { text: string }) => part.text).join("");
    // People's markup stays text; the private marks in their text cannot forge a match.
    expect(text).toContain("<script>alert(1)</script>");
    expect(text).toContain("forged marks");
    expect(text).not.toMatch(/[\uE000-\uE002]/);

    // Code keeps its angle brackets (ts_headline alone would drop them as HTML tags).
    await insertHistoryRow(testApp.app.database.db, {
      userId: ids.grace as string,
      prompt: "Why does List<String> in Kotlinesque code fail?",
    });
    const [code] = (await searchFor("kotlinesque", "&types=history")).history.items;
    expect(code.prompt.map((part: { text: string }) => part.text).join("")).toContain(
      "List<String> in Kotlinesque",
    );
  });

  it("pages through each type, with the total", async () => {
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const history = (await searchFor("pagination", `&types=history&pageSize=2&page=${page}`))
        .history;
      expect(history.total).toBe(5);
      expect(history.isTotalCapped).toBe(false);
      seen.push(...history.items.map((item: { id: string }) => item.id));
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const pastTheEnd = (await searchFor("pagination", "&types=history&pageSize=2&page=4")).history;
    expect(pastTheEnd).toEqual({ items: [], total: 5, isTotalCapped: false });
  });

  it("answers 400 request.invalid, never a database error, to unusable queries", async () => {
    const queries = [
      "q=",
      "q=%20%20",
      `q=${encodeURIComponent("& | ! ( ) :* <-> ''")}`,
      `q=${encodeURIComponent("\\'\\\\")}`,
      `q=${"a".repeat(10_000)}`,
      `q=${"a".repeat(201)}`,
      "",
      "q=grace&types=users,bogus",
      "q=grace&types=",
      "q=grace&pageSize=51",
      "q=grace&page=0",
    ];
    for (const query of queries) {
      const response = await search(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code, query).toBe("request.invalid");
    }
  });

  it("takes operators and quotes in a real query as separators", async () => {
    const body = await searchFor(`"quicksort" & !python | (lists) 'x`);
    expect(body.history.total).toBe(0);
    const loose = await searchFor(`quicksort's & python!`);
    expect(loose.history.items.map((item: { id: string }) => item.id)).toEqual([ids.inPrompt]);
  });

  it("never returns a password hash, token, API key hash, security answer or reset code", async () => {
    const db = testApp.app.database.db;
    const withQuestions = await testApp.app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: {
        username: "secretive",
        email: "secretive@example.test",
        displayName: "Secretive Person",
        password: "correct horse battery staple 42",
        securityQuestions: SECURITY_QUESTIONS,
      },
    });
    expect(withQuestions.statusCode).toBe(201);
    const userId: string = withQuestions.json().id;
    await db.insert(apiKeys).values({
      userId,
      name: "laptop",
      keyPrefix: "cg_abcd",
      keyHash: "feedfacecafebeef0123456789",
    });
    await db.insert(passwordResetCodes).values({
      userId,
      codeHash: "resetcodehashvalue987",
      expiresAt: new Date(Date.now() + 60_000),
    });
    const [stored] = await db.select().from(users).where(eq(users.id, userId));
    const [token] = await db.select().from(refreshTokens).limit(1);
    const secrets = [
      stored?.passwordHash,
      ...(stored?.securityAnswerHashes ?? []),
      stored?.securityQuestionsEncrypted,
      token?.tokenHash,
      "feedfacecafebeef0123456789",
      "resetcodehashvalue987",
    ].filter((secret): secret is string => typeof secret === "string");
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    // Long runs of each secret, so a hit could only come from the secret itself.
    const fragments = secrets.flatMap((secret) => secret.match(/[A-Za-z0-9]{12,}/g) ?? []);
    const probes = ["secretive", "Secretive Person", "zanzibar", "dusty", ...fragments];
    for (const probe of probes) {
      const response = await search(`q=${encodeURIComponent(probe)}`);
      expect(response.statusCode).toBe(200);
      // Everything but the echoed query.
      const results = JSON.stringify({ ...response.json(), q: undefined });
      for (const secret of [...secrets, ...fragments]) {
        expect(results, probe).not.toContain(secret);
      }
    }
    // The person is found by name, but no secret matches anything.
    expect((await searchFor("secretive")).users.items[0].id).toBe(userId);
    for (const fragment of fragments) {
      const body = await searchFor(fragment);
      for (const type of ["users", "history", "feedback", "audit"]) {
        expect(body[type].total, `${fragment} in ${type}`).toBe(0);
      }
    }
  });

  it("is for administrators only", async () => {
    const forbidden = await search("q=grace", member);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe("auth.forbidden");
    const anonymous = await testApp.app.inject({ method: "GET", url: "/api/admin/search?q=grace" });
    expect(anonymous.statusCode).toBe(401);
  });
});
