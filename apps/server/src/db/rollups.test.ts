import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertFeedbackRow } from "../dashboard/dashboard-testing";
import { createTestDatabase } from "../testing/test-app";
import type { DatabaseHandle } from "./database";
import { codeBlocks, feedback, generations, users } from "./schema";

const HOUR_MS = 3_600_000;
const base = Date.UTC(2026, 2, 29, 0, 30); // crosses Europe's daylight-saving night

/** The rollups as stored and as recomputed from the raw rows; a test expects them equal. */
async function rollupsAndRaw(db: DatabaseHandle["db"]) {
  const usage = await db.execute(sql`
    select to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, model_id, kind, status,
      queries, timed_tokens::int as tokens, timed_ms::int as ms
    from usage_hourly order by 1, 2, 3, 4`);
  const usageRaw = await db.execute(sql`
    select to_char(date_trunc('hour', created_at, 'UTC') at time zone 'UTC', 'YYYY-MM-DD HH24') as hour,
      model_id, kind, status, count(*)::int as queries,
      coalesce(sum(completion_tokens) filter (where status = 'completed' and duration_ms > 0 and completion_tokens is not null), 0)::int as tokens,
      coalesce(sum(duration_ms) filter (where status = 'completed' and duration_ms > 0 and completion_tokens is not null), 0)::int as ms
    from generations group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
  const stats = await db.execute(sql`
    select users.id, coalesce(s.query_count, 0) as queries, s.last_query_at as last,
      coalesce(s.feedback_count, 0) as ratings, coalesce(s.rating_sum, 0) as rating_sum
    from users left join user_stats s on s.user_id = users.id order by users.id`);
  const statsRaw = await db.execute(sql`
    select users.id,
      (select count(*)::int from generations g where g.user_id = users.id) as queries,
      (select max(created_at) from generations g where g.user_id = users.id) as last,
      (select count(*)::int from feedback f where f.user_id = users.id) as ratings,
      (select coalesce(sum(rating), 0)::int from feedback f where f.user_id = users.id) as rating_sum
    from users order by users.id`);
  const latency = await db.execute(sql`
    select to_char(day at time zone 'UTC', 'YYYY-MM-DD') as day, model_id, metric, bin, answers
    from latency_daily order by 1, 2, 3, 4`);
  const latencyRaw = await db.execute(sql`
    select to_char(date_trunc('day', g.created_at, 'UTC') at time zone 'UTC', 'YYYY-MM-DD') as day,
      g.model_id, m.metric, round(ln(greatest(m.value, 1)) * 32)::smallint as bin, count(*)::int as answers
    from generations g
    cross join lateral (values ('latency', g.duration_ms), ('ttft', g.time_to_first_token_ms)) as m(metric, value)
    where g.status = 'completed' and m.value is not null
    group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
  const quality = await db.execute(sql`
    select to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, model_id, language, blocks,
      syntax_checked, syntax_valid, executed, execution_succeeded
    from quality_hourly order by 1, 2, 3`);
  const qualityRaw = await db.execute(sql`
    select to_char(date_trunc('hour', g.created_at, 'UTC') at time zone 'UTC', 'YYYY-MM-DD HH24') as hour,
      g.model_id, coalesce(b.language, '') as language, count(*)::int as blocks,
      count(b.syntax_valid)::int as syntax_checked, (count(*) filter (where b.syntax_valid))::int as syntax_valid,
      count(b.execution_status)::int as executed,
      (count(*) filter (where b.execution_status = 'ok'))::int as execution_succeeded
    from code_blocks b join generations g on g.id = b.generation_id
    group by 1, 2, 3 order by 1, 2, 3`);
  const feedbackRollup = await db.execute(sql`
    select to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, model_id, rating,
      sentiment_label, ratings, comments, round(compound_sum::numeric, 9) as compound_sum
    from feedback_hourly order by 1, 2, 3, 4`);
  const feedbackRaw = await db.execute(sql`
    select to_char(date_trunc('hour', f.created_at, 'UTC') at time zone 'UTC', 'YYYY-MM-DD HH24') as hour,
      g.model_id, f.rating, coalesce(f.sentiment_label, '') as sentiment_label, count(*)::int as ratings,
      count(f.sentiment_compound)::int as comments,
      round(coalesce(sum(f.sentiment_compound::float8), 0)::numeric, 9) as compound_sum
    from feedback f join generations g on g.id = f.generation_id
    group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
  const activity = await db.execute(sql`
    select to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, user_id
    from activity_hourly order by 1, 2`);
  const activityRaw = await db.execute(sql`
    select distinct to_char(date_trunc('hour', created_at, 'UTC') at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, user_id
    from generations where user_id is not null order by 1, 2`);
  const rows = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;
  return {
    stored: {
      usage: rows(usage),
      stats: rows(stats),
      latency: rows(latency),
      quality: rows(quality),
      feedback: rows(feedbackRollup),
      activity: rows(activity),
    },
    raw: {
      usage: rows(usageRaw),
      stats: rows(statsRaw),
      latency: rows(latencyRaw),
      quality: rows(qualityRaw),
      feedback: rows(feedbackRaw),
      activity: rows(activityRaw),
    },
  };
}

describe("the rollups kept by triggers (usage_hourly, user_stats)", () => {
  let database: DatabaseHandle;
  const userIds: string[] = [];
  const generationIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  async function expectInStep() {
    const { stored, raw } = await rollupsAndRaw(database.db);
    expect(stored.usage).toEqual(raw.usage);
    expect(stored.stats).toEqual(raw.stats);
    expect(stored.latency).toEqual(raw.latency);
    expect(stored.quality).toEqual(raw.quality);
    expect(stored.feedback).toEqual(raw.feedback);
    expect(stored.activity).toEqual(raw.activity);
    return stored;
  }

  it("adds bulk inserts: one statement of many rows across hours, models and users", async () => {
    const inserted = await database.db
      .insert(users)
      .values(
        ["ada", "bob", "cy"].map((name) => ({
          username: name,
          email: `${name}@example.test`,
          displayName: name,
          passwordHash: "not-a-real-hash",
        })),
      )
      .returning({ id: users.id });
    userIds.push(...inserted.map(({ id }) => id));
    const rows = Array.from({ length: 30 }, (_, index) => ({
      userId: userIds[index % 3] ?? null,
      kind: index % 4 === 0 ? "explain" : "generate",
      modelId: index % 2 === 0 ? "deepseek-coder" : "phi-2",
      prompt: `question ${index}`,
      status: index % 5 === 0 ? "running" : "completed",
      maxTokens: 64,
      completionTokens: index % 5 === 0 ? null : 10 + index,
      durationMs: index % 5 === 0 ? null : 100 * index,
      timeToFirstTokenMs: index % 5 === 0 ? null : 7 * index,
      createdAt: new Date(base + (index % 7) * HOUR_MS + index * 60_000),
    }));
    const created = await database.db
      .insert(generations)
      .values(rows)
      .returning({ id: generations.id });
    generationIds.push(...created.map(({ id }) => id));

    // Code blocks of some answers: two languages and an unknown one, checked later.
    await database.db.insert(codeBlocks).values(
      generationIds.slice(0, 12).map((generationId, index) => ({
        generationId,
        blockIndex: 0,
        language: [null, "python", "javascript"][index % 3] ?? null,
        code: "print(1)",
      })),
    );
    await database.db
      .update(codeBlocks)
      .set({ syntaxValid: true, executionStatus: "ok" })
      .where(inArray(codeBlocks.generationId, generationIds.slice(0, 5)));
    await database.db
      .update(codeBlocks)
      .set({ syntaxValid: false })
      .where(inArray(codeBlocks.generationId, generationIds.slice(5, 8)));

    const stored = await expectInStep();
    expect(stored.quality.length).toBeGreaterThan(0);
    expect(stored.latency.length).toBeGreaterThan(0);
    expect(stored.usage.reduce((sum, row) => sum + Number(row.queries), 0)).toBe(30);
  });

  it("moves finished answers between statuses and adds their tokens", async () => {
    const running = generationIds.filter((_, index) => index % 5 === 0);
    await database.db
      .update(generations)
      .set({ status: "completed", completionTokens: 7, durationMs: 70 })
      .where(inArray(generations.id, running.slice(0, 3)));
    await database.db
      .update(generations)
      .set({ status: "cancelled" })
      .where(inArray(generations.id, running.slice(3)));
    await expectInStep();
  });

  it("adds, edits and removes ratings", async () => {
    const [first, second, third] = generationIds;
    const [ada, bob] = userIds;
    if (!first || !second || !third || !ada || !bob) throw new Error("setup failed");
    await insertFeedbackRow(database.db, {
      generationId: first,
      userId: ada,
      rating: 5,
      createdAt: new Date(base),
    });
    await insertFeedbackRow(database.db, {
      generationId: second,
      userId: bob,
      rating: 2,
      createdAt: new Date(base),
    });
    const rated = await insertFeedbackRow(database.db, {
      generationId: third,
      userId: bob,
      rating: 4,
      createdAt: new Date(base),
      comment: "slow but right",
      compound: -0.25,
    });
    await expectInStep();
    await database.db.update(feedback).set({ rating: 1 }).where(eq(feedback.id, rated.id));
    await expectInStep();
    await database.db.delete(feedback).where(eq(feedback.id, rated.id));
    const stored = await expectInStep();
    expect(stored.feedback.map((row) => row.ratings)).toEqual([1, 1]);
    expect(stored.stats.find((row) => row.id === bob)).toMatchObject({ ratings: 1, rating_sum: 2 });
  });

  it("subtracts deleted history, and a deleted account takes its rows with it", async () => {
    await database.db.delete(generations).where(inArray(generations.id, generationIds.slice(0, 4)));
    await expectInStep();
    const [, , cy] = userIds;
    if (!cy) throw new Error("setup failed");
    await database.db.delete(users).where(eq(users.id, cy));
    const stored = await expectInStep();
    // Nothing left behind: no empty usage rows, no figures of the deleted account.
    expect(stored.usage.every((row) => Number(row.queries) > 0)).toBe(true);
    const orphans = await database.db.execute(
      sql`select count(*)::int as n from user_stats where user_id = ${cy}`,
    );
    expect((orphans as unknown as { rows: unknown[] }).rows[0]).toEqual({ n: 0 });
  });
});
