import type { TQualityResponse } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeBlocks } from "../db/schema";
import { insertHistoryRow } from "../history/history-testing";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// GET /api/admin/quality over blocks written straight into the embedded database, with known
// counts: two models, three days, four languages.
let testApp: TestApp;
let admin: TestUser;
let user: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp({ CODE_AUTO_RUN_LANGUAGES: "none" });
  admin = await signUpUser(testApp.app); // the first account is the admin
  user = await signUpUser(testApp.app);
  await seed();
});
afterAll(() => testApp.close());

/** One stored block: language, syntax (null = not checked), run status (null = not run). */
type Block = [language: string | null, syntaxValid: boolean | null, run: string | null];

async function answerWith(model: string, createdAt: string, blocks: Block[]) {
  const db = testApp.app.database.db;
  const row = await insertHistoryRow(db, {
    userId: user.id,
    modelId: model,
    createdAt: new Date(createdAt),
    codeCheckedAt: new Date(createdAt),
  });
  await db.insert(codeBlocks).values(
    blocks.map(([language, syntaxValid, run], index) => ({
      generationId: row.id,
      blockIndex: index,
      language,
      code: "…",
      syntaxValid,
      executionStatus: run,
      executionStdout: run === null ? null : "",
      executionStderr: run === null ? null : "",
      executionDurationMs: run === null ? null : 12,
      executionTruncated: run === null ? null : false,
    })),
  );
}

async function seed() {
  // Day 1 (2025-06-01): coder, 3 python blocks (2 valid, both ran: 1 ok, 1 error) + 1 sql valid.
  await answerWith("coder", "2025-06-01T09:15:00Z", [
    ["python", true, "ok"],
    ["python", true, "error"],
    ["python", false, null],
    ["sql", true, null],
  ]);
  // Day 1: general, 1 javascript valid that timed out, 1 block of unknown language.
  await answerWith("general", "2025-06-01T23:59:59Z", [
    ["javascript", true, "timeout"],
    [null, null, null],
  ]);
  // Day 2: coder, 2 javascript valid that ran ok.
  await answerWith("coder", "2025-06-02T00:00:00Z", [
    ["javascript", true, "ok"],
    ["javascript", true, "ok"],
  ]);
  // Day 3: general, 1 rust block with a syntax error.
  await answerWith("general", "2025-06-03T12:00:00Z", [["rust", false, null]]);
  // Outside the range: must not count.
  await answerWith("coder", "2025-05-31T23:59:59Z", [["python", false, null]]);
  await answerWith("coder", "2025-06-04T00:00:00Z", [["python", false, null]]);
}

const quality = (who: TestUser, query: string) =>
  testApp.app.inject({ method: "GET", url: `/api/admin/quality?${query}`, headers: who.headers });

const RANGE = "from=2025-06-01T00:00:00Z&to=2025-06-04T00:00:00Z";

describe("GET /api/admin/quality", () => {
  it("gives the rates overall, per model, per language and per day", async () => {
    const response = await quality(admin, `${RANGE}&bucket=day`);
    expect(response.statusCode).toBe(200);
    const body: TQualityResponse = response.json();
    expect(body).toMatchObject({
      from: "2025-06-01T00:00:00.000Z",
      to: "2025-06-04T00:00:00.000Z",
      bucket: "day",
    });
    // 9 blocks; syntax checked 8 (valid 6); ran 5 (ok 3).
    expect(body.overall).toEqual({
      blocks: 9,
      syntaxChecked: 8,
      syntaxValid: 6,
      syntaxValidRate: 6 / 8,
      executed: 5,
      executionSucceeded: 3,
      executionSuccessRate: 3 / 5,
    });
    expect(body.byModel).toEqual([
      {
        model: "coder",
        blocks: 6,
        syntaxChecked: 6,
        syntaxValid: 5,
        syntaxValidRate: 5 / 6,
        executed: 4,
        executionSucceeded: 3,
        executionSuccessRate: 3 / 4,
      },
      {
        model: "general",
        blocks: 3,
        syntaxChecked: 2,
        syntaxValid: 1,
        syntaxValidRate: 1 / 2,
        executed: 1,
        executionSucceeded: 0,
        executionSuccessRate: 0,
      },
    ]);
    const byLanguage = Object.fromEntries(
      body.byLanguage.map(({ language, ...rates }) => [language, rates]),
    );
    expect(Object.keys(byLanguage).sort()).toEqual(
      ["javascript", "python", "rust", "sql", "unknown"].sort(),
    );
    expect(byLanguage.python).toMatchObject({ blocks: 3, syntaxValid: 2, syntaxValidRate: 2 / 3 });
    expect(byLanguage.python).toMatchObject({ executed: 2, executionSuccessRate: 1 / 2 });
    expect(byLanguage.javascript).toMatchObject({ blocks: 3, executed: 3, executionSucceeded: 2 });
    expect(byLanguage.unknown).toMatchObject({
      blocks: 1,
      syntaxChecked: 0,
      syntaxValidRate: null,
      executionSuccessRate: null,
    });
    expect(body.byLanguage[0]?.blocks).toBe(3); // most blocks first
    expect(
      body.overTime.map(({ bucketStart, blocks, syntaxValid, executed }) => ({
        bucketStart,
        blocks,
        syntaxValid,
        executed,
      })),
    ).toEqual([
      { bucketStart: "2025-06-01T00:00:00.000Z", blocks: 6, syntaxValid: 4, executed: 3 },
      { bucketStart: "2025-06-02T00:00:00.000Z", blocks: 2, syntaxValid: 2, executed: 2 },
      { bucketStart: "2025-06-03T00:00:00.000Z", blocks: 1, syntaxValid: 0, executed: 0 },
    ]);
  });

  it("buckets by hour and by week (weeks start on Monday, UTC)", async () => {
    const hourly: TQualityResponse = (await quality(admin, `${RANGE}&bucket=hour`)).json();
    expect(hourly.overTime.map((bucket) => [bucket.bucketStart, bucket.blocks])).toEqual([
      ["2025-06-01T09:00:00.000Z", 4],
      ["2025-06-01T23:00:00.000Z", 2],
      ["2025-06-02T00:00:00.000Z", 2],
      ["2025-06-03T12:00:00.000Z", 1],
    ]);
    // 2025-06-01 is a Sunday: its week began on Monday 2025-05-26.
    const weekly: TQualityResponse = (await quality(admin, `${RANGE}&bucket=week`)).json();
    expect(weekly.overTime.map((bucket) => [bucket.bucketStart, bucket.blocks])).toEqual([
      ["2025-05-26T00:00:00.000Z", 6],
      ["2025-06-02T00:00:00.000Z", 3],
    ]);
  });

  it("counts partial hours at the ends of a range from the blocks, whole hours from the rollup", async () => {
    // [23:30 on 31 May, 09:30 on 1 June): the 23:59:59 answer (1 block) and the 09:15 one.
    const edges = await quality(admin, "from=2025-05-31T23:30:00Z&to=2025-06-01T09:30:00Z");
    const whole = await quality(admin, "from=2025-05-31T23:00:00Z&to=2025-06-01T10:00:00Z");
    expect(edges.json().overall).toEqual(whole.json().overall);
    // Within one hour: 09:10 to 09:20 holds only the 09:15 answer.
    const inside = await quality(admin, "from=2025-06-01T09:10:00Z&to=2025-06-01T09:20:00Z");
    const fromOneHour = await quality(admin, "from=2025-06-01T09:00:00Z&to=2025-06-01T10:00:00Z");
    expect(inside.json().overall).toEqual(fromOneHour.json().overall);
    expect(inside.json().overall.blocks).toBeGreaterThan(0);
    // Leaving the 09:15 answer out by one second removes its blocks.
    const after = await quality(admin, "from=2025-06-01T09:15:01Z&to=2025-06-01T10:00:00Z");
    expect(after.json().overall.blocks).toBe(0);
  });

  it("covers the last 30 days by day when no range is given", async () => {
    const response = await quality(admin, "");
    expect(response.statusCode).toBe(200);
    const body: TQualityResponse = response.json();
    expect(body.bucket).toBe("day");
    const days = (Date.parse(body.to) - Date.parse(body.from)) / (24 * 60 * 60 * 1000);
    expect(days).toBe(30);
    expect(Math.abs(Date.parse(body.to) - Date.now())).toBeLessThan(60_000);
    // The seeded answers are from 2025, long before the last 30 days.
    expect(body.overall).toMatchObject({ blocks: 0, syntaxValidRate: null });
    expect(body.byModel).toEqual([]);
  });

  it("refuses a range that ends before it starts, and a bad bucket", async () => {
    const backwards = await quality(admin, "from=2025-06-04T00:00:00Z&to=2025-06-01T00:00:00Z");
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.code).toBe("request.invalid");
    const badBucket = await quality(admin, `${RANGE}&bucket=month`);
    expect(badBucket.statusCode).toBe(400);
  });

  it("is for admins only", async () => {
    const forbidden = await quality(user, RANGE);
    expect(forbidden.statusCode).toBe(403);
    const anonymous = await testApp.app.inject({ method: "GET", url: "/api/admin/quality" });
    expect(anonymous.statusCode).toBe(401);
  });
});
