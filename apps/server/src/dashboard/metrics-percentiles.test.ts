import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database";
import { generations, users } from "../db/schema";
import { createTestDatabase } from "../testing/test-app";
import { MetricsRepository } from "./metrics.repository";

const DAY_MS = 86_400_000;
const start = Date.UTC(2025, 5, 1);
// Mid-day edges: the binned path reads whole days from latency_daily and the two partial days
// from the raw rows.
const range = { from: new Date(start + DAY_MS / 2), to: new Date(start + 4.5 * DAY_MS) };

describe("latency percentiles over many answers (latency_daily bins)", () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [user] = await database.db
      .insert(users)
      .values({ username: "ada", email: "ada@example.test", displayName: "Ada", passwordHash: "x" })
      .returning({ id: users.id });
    // 600 answers over five days, latencies from 50 ms to ~60 s on a skewed spread.
    await database.db.insert(generations).values(
      Array.from({ length: 600 }, (_, index) => ({
        userId: user?.id ?? null,
        modelId: index % 3 === 0 ? "phi-2" : "deepseek-coder",
        prompt: "p",
        status: index % 10 === 0 ? "failed" : "completed",
        maxTokens: 64,
        completionTokens: 20,
        durationMs: Math.round(50 + ((index * 7919) % 600) ** 2 / 6),
        timeToFirstTokenMs: 20 + ((index * 104_729) % 500),
        createdAt: new Date(start + ((index * 7_777_777) % (5 * DAY_MS))),
      })),
    );
  });
  afterAll(() => database.close());

  it("are within 3.5 % of the exact ones (bins are 3 % wide), per model and for both measures", async () => {
    const exact = await new MetricsRepository(database.db, {
      exactPercentileLimit: Number.POSITIVE_INFINITY,
    }).modelPerformance(range, "UTC");
    const binned = await new MetricsRepository(database.db, {
      exactPercentileLimit: 0,
    }).modelPerformance(range, "UTC");
    expect(binned.map((row) => row.model).sort()).toEqual(["deepseek-coder", "phi-2"]);
    for (const row of binned) {
      const truth = exact.find((candidate) => candidate.model === row.model);
      expect(truth).toBeDefined();
      expect({ ...row, latencyP50: 0, latencyP95: 0, ttftP50: 0, ttftP95: 0 }).toEqual({
        ...truth,
        latencyP50: 0,
        latencyP95: 0,
        ttftP50: 0,
        ttftP95: 0,
      });
      for (const key of ["latencyP50", "latencyP95", "ttftP50", "ttftP95"] as const) {
        const expected = truth?.[key] ?? Number.NaN;
        expect(expected).toBeGreaterThan(0);
        expect(Math.abs((row[key] ?? 0) - expected) / expected).toBeLessThan(0.035);
      }
    }
  });
});
