import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ZMetricsResponse } from "@codegenie/shared";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../db/database";
import { sentimentLabel } from "../feedback/sentiment";
import { buildTestApp } from "../testing/test-app";
import { SEED_PASSWORD } from "./seed.service";

// `npm run seed`'s command (`codegenie db seed`) as a child process on an embedded database in a
// temporary DATA_DIR, then the real app on that database.
const CLI_MAIN = fileURLToPath(new URL("../cli/main.ts", import.meta.url));
const SEED_ARGS = [
  "db",
  "seed",
  "--users",
  "20",
  "--queries",
  "300",
  "--feedback",
  "50",
  "--seed",
  "7",
];

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-seed-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

function codegenie(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI_MAIN, ...args], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        PASSWORD_HASH_ITERATIONS: "1000",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Opens the seeded database (PGlite allows one process at a time: the CLI has exited). */
async function withDatabase<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "db") });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function rows<T>(database: DatabaseHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await database.db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

describe("codegenie db seed", { timeout: 120_000 }, () => {
  it("writes exactly the rows asked for, and reports rows per second", async () => {
    const result = await codegenie(SEED_ARGS);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/generations: 300 rows in [\d.]+ s \(\d+ rows\/s\)/);
    expect(result.stdout).toContain(SEED_PASSWORD);

    await withDatabase(async (database) => {
      const [counts] = await rows<Record<string, number>>(
        database,
        sql`select (select count(*)::int from users) as users,
          (select count(*)::int from generations) as generations,
          (select count(*)::int from feedback) as feedback,
          (select count(*)::int from users where role = 'admin') as admins,
          (select count(*)::int from feedback f join generations g on g.id = f.generation_id
             where f.user_id <> g.user_id) as foreign_feedback,
          (select count(*)::int from generations where kind = 'explain') as explains,
          (select count(distinct status)::int from generations) as statuses,
          (select count(*)::int from generations g join conversations c on c.id = g.conversation_id
             where c.user_id <> g.user_id) as foreign_turns,
          (select count(*)::int from feedback where comment is not null
             and array_length(comment_terms, 1) > 0) as comments_with_terms`,
      );
      expect(counts).toMatchObject({ users: 20, generations: 300, feedback: 50, admins: 1 });
      expect(counts?.foreign_feedback).toBe(0);
      expect(counts?.foreign_turns).toBe(0);
      expect(counts?.explains).toBeGreaterThan(0);
      expect(counts?.explains).toBeLessThan(300);
      expect(counts?.comments_with_terms).toBeGreaterThan(0);

      const sentiments = await rows<{
        compound: number | null;
        label: string | null;
        comment: string | null;
      }>(
        database,
        sql`select sentiment_compound as compound, sentiment_label as label, comment from feedback`,
      );
      for (const { compound, label, comment } of sentiments) {
        if (comment === null) expect(label).toBeNull();
        else expect(label).toBe(sentimentLabel(compound ?? Number.NaN));
      }
    });
  });

  it("refuses a second run on a database with accounts unless --force", async () => {
    const refused = await codegenie(SEED_ARGS);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already has 20 account\(s\).*--force/);

    const forced = await codegenie([...SEED_ARGS, "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    await withDatabase(async (database) => {
      const [counts] = await rows<{ users: number; admins: number }>(
        database,
        sql`select count(*)::int as users, count(*) filter (where role = 'admin')::int as admins from users`,
      );
      // No second administrator: the seed adds one only to a database without any.
      expect(counts).toEqual({ users: 40, admins: 1 });
    });
  });

  it("gives the dashboard numbers to show, and the seeded admin signs in with the dev password", async () => {
    await withDatabase(async (database) => {
      const [admin] = await rows<{ username: string }>(
        database,
        sql`select username from users where role = 'admin'`,
      );
      const test = await buildTestApp({}, { database });
      try {
        const login = await test.app.inject({
          method: "POST",
          url: "/api/auth/login",
          payload: { username: admin?.username, password: SEED_PASSWORD },
        });
        expect(login.statusCode, login.body).toBe(200);
        const to = new Date(Date.now() + 86_400_000).toISOString();
        const from = new Date(Date.now() - 100 * 86_400_000).toISOString();
        const response = await test.app.inject({
          url: `/api/admin/metrics?from=${from}&to=${to}&bucket=week`,
          headers: { authorization: `Bearer ${login.json().accessToken}` },
        });
        expect(response.statusCode, response.body).toBe(200);
        const metrics = ZMetricsResponse.parse(response.json());
        // Two seeds of 300 queries and 50 rated each (the second with --force).
        expect(metrics.queries.total).toBe(600);
        expect(metrics.ratings.count).toBe(100);
        expect(metrics.models.length).toBeGreaterThanOrEqual(2);
      } finally {
        await test.close();
      }
    });
  });
});
