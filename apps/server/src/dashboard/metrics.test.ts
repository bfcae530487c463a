import type { TMetricsResponse } from "@codegenie/shared";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../db/schema";
import { insertHistoryRow } from "../history/history-testing";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";
import { insertFeedbackRow } from "./dashboard-testing";

// GET /api/admin/metrics over rows written straight into the embedded database, with values
// computed by hand below: two models, three UTC days (four Berlin days), six ratings.
let testApp: TestApp;
let admin: TestUser;
let ann: TestUser;
let bob: TestUser;
let cat: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp({ CODE_AUTO_RUN_LANGUAGES: "none" });
  admin = await signUpUser(testApp.app); // the first account is the admin
  ann = await signUpUser(testApp.app);
  bob = await signUpUser(testApp.app);
  cat = await signUpUser(testApp.app);
  await seed();
});
afterAll(() => testApp.close());

async function seed() {
  const db = testApp.app.database.db;
  // New accounts: ann on 1 June; bob at 23:30 UTC on 2 June, which is 3 June in Berlin.
  await db
    .update(users)
    .set({ createdAt: new Date("2025-06-01T10:00:00Z") })
    .where(eq(users.id, ann.id));
  await db
    .update(users)
    .set({ createdAt: new Date("2025-06-02T23:30:00Z") })
    .where(eq(users.id, bob.id));

  const query = (
    userId: string,
    modelId: string,
    createdAt: string,
    row: {
      kind?: string;
      status?: string;
      duration?: number;
      ttft?: number | null;
      tokens?: number;
    },
  ) =>
    insertHistoryRow(db, {
      userId,
      modelId,
      kind: row.kind ?? "generate",
      status: row.status ?? "completed",
      durationMs: row.duration ?? 100,
      timeToFirstTokenMs: row.ttft === undefined ? 10 : row.ttft,
      completionTokens: row.tokens ?? 10,
      createdAt: new Date(createdAt),
    });
  const g1 = await query(ann.id, "coder", "2025-06-01T08:00:00Z", {
    duration: 100,
    ttft: 10,
    tokens: 50,
  });
  // 23:30 UTC on 1 June is 01:30 on 2 June in Berlin.
  const g2 = await query(ann.id, "coder", "2025-06-01T23:30:00Z", {
    duration: 200,
    ttft: 20,
    tokens: 100,
  });
  const g3 = await query(bob.id, "coder", "2025-06-02T12:00:00Z", {
    kind: "explain",
    duration: 300,
    ttft: 30,
    tokens: 150,
  });
  const g4 = await query(bob.id, "coder", "2025-06-03T09:00:00Z", {
    duration: 400,
    ttft: 40,
    tokens: 200,
  });
  // Failed and cancelled answers count as queries but not in latency, TTFT or tokens/s.
  await query(bob.id, "coder", "2025-06-03T10:00:00Z", {
    status: "failed",
    duration: 5,
    ttft: null,
    tokens: 0,
  });
  const g6 = await query(cat.id, "general", "2025-06-02T05:00:00Z", {
    kind: "explain",
    status: "cancelled",
    duration: 9000,
    ttft: 900,
    tokens: 10,
  });
  // 22:30 UTC on 3 June is 00:30 on 4 June in Berlin.
  const g7 = await query(ann.id, "general", "2025-06-03T22:30:00Z", {
    duration: 1000,
    ttft: 50,
    tokens: 300,
  });
  // Outside [1 June, 4 June): only in the active-user windows before `to`.
  const g8 = await query(cat.id, "coder", "2025-05-31T23:59:59Z", {});
  const g9 = await query(cat.id, "coder", "2025-06-04T00:00:00Z", {});
  await query(admin.id, "coder", "2025-05-10T12:00:00Z", {});

  const rate = (
    generationId: string,
    userId: string,
    rating: number,
    createdAt: string,
    comment?: { compound: number },
  ) =>
    insertFeedbackRow(db, {
      generationId,
      userId,
      rating,
      createdAt: new Date(createdAt),
      ...(comment ? { comment: "a comment", compound: comment.compound } : {}),
    });
  await rate(g1.id, ann.id, 5, "2025-06-01T09:00:00Z", { compound: 0.75 });
  await rate(g2.id, ann.id, 4, "2025-06-01T23:45:00Z", { compound: 0.5 }); // Berlin: 2 June
  await rate(g3.id, bob.id, 2, "2025-06-02T13:00:00Z", { compound: -0.625 });
  await rate(g6.id, cat.id, 5, "2025-06-02T06:00:00Z"); // no comment: a rating, no sentiment
  await rate(g4.id, bob.id, 1, "2025-06-03T10:00:00Z", { compound: -0.375 });
  await rate(g7.id, ann.id, 3, "2025-06-03T23:00:00Z", { compound: 0 }); // Berlin: 4 June
  await rate(g8.id, cat.id, 1, "2025-05-31T23:00:00Z", { compound: -1 }); // outside
  await rate(g9.id, cat.id, 1, "2025-06-04T00:00:00Z", { compound: -1 }); // outside
}

const RANGE = "from=2025-06-01T00:00:00Z&to=2025-06-04T00:00:00Z";

const get = (who: TestUser | null, url: string) =>
  testApp.app.inject({ method: "GET", url, ...(who ? { headers: who.headers } : {}) });

async function metrics(query: string): Promise<TMetricsResponse> {
  const response = await get(admin, `/api/admin/metrics?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe("GET /api/admin/metrics", () => {
  it("counts queries, users, models, ratings and sentiment of the range", async () => {
    const body = await metrics(`${RANGE}&bucket=day`);
    expect(body).toMatchObject({
      from: "2025-06-01T00:00:00.000Z",
      to: "2025-06-04T00:00:00.000Z",
      bucket: "day",
      tz: "UTC",
    });
    expect(body.queries).toEqual({
      total: 7,
      completed: 5,
      failed: 1,
      cancelled: 1,
      byKind: { generate: 5, explain: 2 },
    });
    // Before `to`: 24 h → ann, bob; 7 d → + cat (2 June); 30 d → + admin (10 May).
    expect(body.activeUsers).toEqual({ last24h: 2, last7d: 3, last30d: 4 });
    expect(body.newUsers).toBe(2);

    expect(body.models.map((model) => model.model)).toEqual(["coder", "general"]);
    const [coder, general] = body.models;
    expect(coder).toMatchObject({
      queries: 5,
      completed: 4,
      failed: 1,
      cancelled: 0,
      ratings: 4,
      averageRating: 3, // (5 + 4 + 2 + 1) / 4
    });
    // Completed durations 100, 200, 300, 400: p50 = 250; p95 at rank 0.95 × 3 = 2.85 → 385.
    expect(coder?.latencyMs.p50).toBeCloseTo(250, 9);
    expect(coder?.latencyMs.p95).toBeCloseTo(385, 9);
    expect(coder?.timeToFirstTokenMs.p50).toBeCloseTo(25, 9);
    expect(coder?.timeToFirstTokenMs.p95).toBeCloseTo(38.5, 9);
    // (50 + 100 + 150 + 200) tokens in (100 + 200 + 300 + 400) ms.
    expect(coder?.tokensPerSecond).toBeCloseTo(500, 9);
    // The cancelled answer's 9000 ms is left out: only the completed 1000 ms counts.
    expect(general).toEqual({
      model: "general",
      queries: 2,
      completed: 1,
      failed: 0,
      cancelled: 1,
      latencyMs: { p50: 1000, p95: 1000 },
      timeToFirstTokenMs: { p50: 50, p95: 50 },
      tokensPerSecond: 300,
      ratings: 2,
      averageRating: 4,
    });

    expect(body.ratings.count).toBe(6);
    expect(body.ratings.average).toBeCloseTo(20 / 6, 9);
    expect(body.ratings.distribution).toEqual([
      { rating: 1, count: 1 },
      { rating: 2, count: 1 },
      { rating: 3, count: 1 },
      { rating: 4, count: 1 },
      { rating: 5, count: 2 },
    ]);
    // (0.75 + 0.5 − 0.625 − 0.375 + 0) / 5 comments; the rating without a comment has none.
    expect(body.sentiment).toEqual({
      comments: 5,
      mean: 0.05,
      positive: 2,
      neutral: 1,
      negative: 2,
    });
  });

  it("fills every UTC day with queries, active and new users, ratings and sentiment", async () => {
    const body = await metrics(`${RANGE}&bucket=day`);
    expect(body.overTime).toEqual([
      {
        bucketStart: "2025-06-01T00:00:00.000Z",
        bucketLabel: "2025-06-01T00:00",
        queries: 2,
        failed: 0,
        queriesByModel: { coder: 2 },
        activeUsers: 1,
        newUsers: 1,
        ratings: 2,
        averageRating: 4.5,
        sentiment: { comments: 2, mean: 0.625, positive: 2, neutral: 0, negative: 0 },
      },
      {
        bucketStart: "2025-06-02T00:00:00.000Z",
        bucketLabel: "2025-06-02T00:00",
        queries: 2,
        failed: 0,
        queriesByModel: { coder: 1, general: 1 },
        activeUsers: 2,
        newUsers: 1,
        ratings: 2,
        averageRating: 3.5,
        sentiment: { comments: 1, mean: -0.625, positive: 0, neutral: 0, negative: 1 },
      },
      {
        bucketStart: "2025-06-03T00:00:00.000Z",
        bucketLabel: "2025-06-03T00:00",
        queries: 3,
        failed: 1,
        queriesByModel: { coder: 2, general: 1 },
        activeUsers: 2,
        newUsers: 0,
        ratings: 2,
        averageRating: 2,
        sentiment: { comments: 2, mean: -0.1875, positive: 0, neutral: 1, negative: 1 },
      },
    ]);
  });

  it("follows the admin's days in a time zone: 23:30 UTC is the next day in Berlin", async () => {
    const body = await metrics(`${RANGE}&bucket=day&tz=Europe/Berlin`);
    expect(body.tz).toBe("Europe/Berlin");
    // Berlin is UTC+2 in June: [1 June 00:00Z, 4 June 00:00Z) overlaps four Berlin days.
    expect(
      body.overTime.map((day) => ({
        start: day.bucketStart,
        label: day.bucketLabel,
        queries: day.queries,
        activeUsers: day.activeUsers,
        newUsers: day.newUsers,
        ratings: day.ratings,
        sentiment: day.sentiment.comments,
      })),
    ).toEqual([
      {
        start: "2025-05-31T22:00:00.000Z",
        label: "2025-06-01T00:00",
        queries: 1,
        activeUsers: 1,
        newUsers: 1,
        ratings: 1,
        sentiment: 1,
      },
      {
        start: "2025-06-01T22:00:00.000Z",
        label: "2025-06-02T00:00",
        queries: 3,
        activeUsers: 3,
        newUsers: 0,
        ratings: 3,
        sentiment: 2,
      },
      {
        start: "2025-06-02T22:00:00.000Z",
        label: "2025-06-03T00:00",
        queries: 2,
        activeUsers: 1,
        newUsers: 1,
        ratings: 1,
        sentiment: 1,
      },
      {
        start: "2025-06-03T22:00:00.000Z",
        label: "2025-06-04T00:00",
        queries: 1,
        activeUsers: 1,
        newUsers: 0,
        ratings: 1,
        sentiment: 1,
      },
    ]);
    // Berlin's 2 June: ann 4★ (+0.5), bob 2★ (−0.625), cat 5★ (no comment).
    expect(body.overTime[1]?.averageRating).toBeCloseTo(11 / 3, 9);
    expect(body.overTime[1]?.sentiment).toEqual({
      comments: 2,
      mean: -0.0625,
      positive: 1,
      neutral: 0,
      negative: 1,
    });
    // The totals do not depend on the zone.
    expect(body.queries.total).toBe(7);
    // Totals do not depend on the zone: the raw rows give what the rollups give in UTC.
    const utc = await metrics(`${RANGE}&bucket=day`);
    expect(body.ratings).toEqual(utc.ratings);
    expect(body.sentiment).toEqual(utc.sentiment);
    expect(body.models).toEqual(utc.models);
  });

  it("buckets by hour and by Monday weeks, in the zone", async () => {
    const hourly = await metrics("from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z&bucket=hour");
    expect(hourly.overTime).toHaveLength(24);
    expect(
      hourly.overTime.filter((hour) => hour.queries > 0).map((hour) => hour.bucketLabel),
    ).toEqual(["2025-06-01T08:00", "2025-06-01T23:00"]);
    // 1 June 2025 is a Sunday: its week began on Monday 26 May.
    const weekly = await metrics(`${RANGE}&bucket=week`);
    expect(weekly.overTime.map((week) => [week.bucketStart, week.queries])).toEqual([
      ["2025-05-26T00:00:00.000Z", 2],
      ["2025-06-02T00:00:00.000Z", 5],
    ]);
    // In Berlin the 23:30 UTC query of Sunday falls on Monday, in the second week.
    const berlin = await metrics(`${RANGE}&bucket=week&tz=Europe/Berlin`);
    expect(berlin.overTime.map((week) => [week.bucketStart, week.queries])).toEqual([
      ["2025-05-25T22:00:00.000Z", 1],
      ["2025-06-01T22:00:00.000Z", 6],
    ]);
  });

  it("keeps days whole across a daylight-saving change", async () => {
    // Berlin moved to summer time on 30 March 2025: that day had 23 hours.
    const db = testApp.app.database.db;
    await insertHistoryRow(db, {
      userId: cat.id,
      modelId: "dst",
      createdAt: new Date("2025-03-30T22:30:00Z"),
    });
    const body = await metrics(
      "from=2025-03-29T00:00:00Z&to=2025-04-01T00:00:00Z&tz=Europe/Berlin",
    );
    expect(body.overTime.map((day) => [day.bucketStart, day.bucketLabel, day.queries])).toEqual([
      ["2025-03-28T23:00:00.000Z", "2025-03-29T00:00", 0],
      ["2025-03-29T23:00:00.000Z", "2025-03-30T00:00", 0],
      ["2025-03-30T22:00:00.000Z", "2025-03-31T00:00", 1],
      ["2025-03-31T22:00:00.000Z", "2025-04-01T00:00", 0],
    ]);
  });

  it("counts partial hours at both ends of a range from the raw rows, not the hourly rollup", async () => {
    // [23:15 on 31 May, 22:45 on 3 June): g8 (23:59:59) is in, g7 (22:30 on 3 June) is in;
    // an edge of 08:01 on 1 June leaves g1 (08:00) out.
    const late = await metrics("from=2025-05-31T23:15:00Z&to=2025-06-03T22:45:00Z&bucket=day");
    expect(late.queries.total).toBe(8);
    // 24 h → ann, bob; 7 d → + cat; 30 d → + admin (10 May).
    expect(late.activeUsers).toEqual({ last24h: 2, last7d: 3, last30d: 4 });
    // A window starting half a second after cat's 23:59:59 query on 31 May leaves cat out, though
    // the hour of that query overlaps the window.
    const edge = await metrics("from=2025-05-31T00:00:00Z&to=2025-06-01T23:59:59.500Z");
    expect(edge.activeUsers).toEqual({ last24h: 1, last7d: 2, last30d: 3 });
    expect(late.models.find((model) => model.model === "general")?.queries).toBe(2);
    const shifted = await metrics("from=2025-06-01T08:00:01Z&to=2025-06-03T22:29:59Z&bucket=day");
    expect(shifted.queries).toMatchObject({ total: 5, completed: 3, failed: 1, cancelled: 1 });
    // Within one hour: no whole hour at all.
    const inside = await metrics("from=2025-06-01T23:10:00Z&to=2025-06-01T23:50:00Z&bucket=hour");
    expect(inside.queries.total).toBe(1);
    expect(inside.models[0]).toMatchObject({ model: "coder", queries: 1 });
  });

  it("cuts days at half hours in India (+05:30): buckets from the raw rows", async () => {
    const body = await metrics(`${RANGE}&bucket=day&tz=Asia/Kolkata`);
    // 23:30 UTC on 1 June is 05:00 on 2 June in Kolkata; 22:30 UTC on 3 June is 04:00 on 4 June.
    const byDay = Object.fromEntries(body.overTime.map((row) => [row.bucketLabel, row.queries]));
    expect(byDay).toEqual({
      "2025-06-01T00:00": 1, // starts 18:30 UTC on 31 May; g1 (08:00 UTC) is 13:30 there
      "2025-06-02T00:00": 3, // g2, g6 (10:30), g3 (17:30)
      "2025-06-03T00:00": 2, // g4 (14:30), failed (15:30)
      "2025-06-04T00:00": 1, // g7 (04:00)
    });
    expect(body.queries.total).toBe(7);
  });

  it("covers the last 30 days by day in UTC when nothing is given", async () => {
    const body = await metrics("");
    expect(body).toMatchObject({ bucket: "day", tz: "UTC" });
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(30 * 24 * 60 * 60 * 1000);
    expect(Math.abs(Date.parse(body.to) - Date.now())).toBeLessThan(60_000);
    // 31 buckets: the partial day at each end. The seeded 2025 rows are long past, but the
    // four accounts were created today.
    expect(body.overTime).toHaveLength(31);
    expect(body.queries.total).toBe(0);
    expect(body.models).toEqual([]);
    expect(body.ratings).toEqual({
      count: 0,
      average: null,
      distribution: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: 0 })),
    });
    expect(body.sentiment).toEqual({
      comments: 0,
      mean: null,
      positive: 0,
      neutral: 0,
      negative: 0,
    });
    expect(body.newUsers).toBe(2); // admin and cat; ann and bob were moved to June 2025
  });
});

describe("bad input to the dashboard routes", () => {
  it.each([
    ["an unknown bucket", `${RANGE}&bucket=month`],
    ["a range that ends before it starts", "from=2025-06-04T00:00:00Z&to=2025-06-01T00:00:00Z"],
    ["an empty range", "from=2025-06-01T00:00:00Z&to=2025-06-01T00:00:00Z"],
    ["a range over 366 days", "from=2024-01-01T00:00:00Z&to=2025-06-01T00:00:00Z"],
    ["a date that is not ISO 8601", "from=yesterday"],
    ["an impossible date", "from=2025-02-30T00:00:00Z&to=2025-03-02T00:00:00Z"],
    ["too many buckets", "from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z&bucket=hour"],
    ["an unknown time zone", `${RANGE}&tz=Mars/Olympus_Mons`],
    ["a POSIX zone PostgreSQL reads backwards", `${RANGE}&tz=UTC%2B3`],
    ["an offset instead of a zone", `${RANGE}&tz=%2B02:00`],
    ["SQL in the zone", `${RANGE}&tz=UTC';drop table users;--`],
  ])("answers 400 request.invalid for %s", async (_name, query) => {
    const response = await get(admin, `/api/admin/metrics?${query}`);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe("request.invalid");
  });

  it.each([
    ["/api/admin/wordcloud?sentiment=angry"],
    ["/api/admin/wordcloud?limit=0"],
    ["/api/admin/wordcloud?limit=100000"],
    ["/api/admin/wordcloud?from=2025-06-04T00:00:00Z&to=2025-06-01T00:00:00Z"],
    ["/api/admin/feedback?rating=6"],
    ["/api/admin/feedback?sentiment=happy"],
    ["/api/admin/feedback?pageSize=1000"],
    [`/api/admin/feedback?word=${"x".repeat(101)}`],
    ["/api/admin/feedback?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z"],
  ])("answers 400 request.invalid for %s", async (url) => {
    const response = await get(admin, url);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe("request.invalid");
  });

  it.each(["/api/admin/metrics", "/api/admin/wordcloud", "/api/admin/feedback"])(
    "%s is for admins only: 403 for a user, 401 without a session",
    async (url) => {
      const forbidden = await get(ann, `${url}?${RANGE}`);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().error.code).toBe("auth.forbidden");
      const anonymous = await get(null, url);
      expect(anonymous.statusCode).toBe(401);
    },
  );
});
