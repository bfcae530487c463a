// The admin dashboard at scale: p50/p95 of every admin read endpoint on a seeded database
// (default 10 000 users, 1 000 000 queries, 100 000 feedback), on embedded PGlite and on a
// PostgreSQL server, through the real app (`app.inject`: routing, validation, auth and SQL —
// no sockets). Not part of `npm test`:
//   npm run bench:admin [-- --runs 20 --pglite-dir /tmp/cg-bench --postgres --database-url URL]
// A seeded PGlite folder is kept and reused (seeding 1 M queries takes minutes); PostgreSQL is a
// throwaway server (Debian's programs) seeded fresh unless --database-url names one.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import { buildApp } from "../apps/server/src/app";
import { PasswordHasher } from "../apps/server/src/auth/password-hasher";
import { loadConfig } from "../apps/server/src/config/config";
import { type DatabaseHandle, openDatabase } from "../apps/server/src/db/database";
import { users } from "../apps/server/src/db/schema";
import { SEED_PASSWORD, seedDatabase } from "../apps/server/src/seed/seed.service";
import { startTestPostgres } from "../apps/server/src/testing/postgres-server";
import { describeMachine, loadAverage } from "./machine";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    users: { type: "string", default: "10000" },
    queries: { type: "string", default: "1000000" },
    feedback: { type: "string", default: "100000" },
    "pglite-dir": { type: "string", default: path.join(tmpdir(), "codegenie-bench-admin") },
    "skip-pglite": { type: "boolean", default: false },
    postgres: { type: "boolean", default: false },
    "database-url": { type: "string" },
  },
});
const runs = Number(args.runs);
const seedSize = {
  users: Number(args.users),
  queries: Number(args.queries),
  feedback: Number(args.feedback),
};

/** Dashboard endpoints must answer within 150 ms at p95, search within 100 ms. */
const DASHBOARD_TARGET_MS = 150;
const SEARCH_TARGET_MS = 100;

const DAY_MS = 86_400_000;
const now = Date.now();
const daysAgo = (days: number) => new Date(now - days * DAY_MS).toISOString();

/** What an admin's page asks for, label → URL. */
const ENDPOINTS: { label: string; url: string; target: number }[] = [
  {
    label: "metrics 30 d by day",
    url: "/api/admin/metrics?bucket=day",
    target: DASHBOARD_TARGET_MS,
  },
  {
    label: "metrics 7 d by hour, Berlin",
    url: `/api/admin/metrics?bucket=hour&tz=Europe%2FBerlin&from=${daysAgo(7)}`,
    target: DASHBOARD_TARGET_MS,
  },
  {
    label: "metrics 365 d by week",
    url: `/api/admin/metrics?bucket=week&from=${daysAgo(365)}`,
    target: DASHBOARD_TARGET_MS,
  },
  { label: "word cloud 30 d", url: "/api/admin/wordcloud", target: DASHBOARD_TARGET_MS },
  {
    label: "word cloud 30 d, negative",
    url: "/api/admin/wordcloud?sentiment=negative",
    target: DASHBOARD_TARGET_MS,
  },
  { label: "feedback table, page 1", url: "/api/admin/feedback", target: DASHBOARD_TARGET_MS },
  {
    label: "feedback table, word 'slow'",
    url: "/api/admin/feedback?word=slow",
    target: DASHBOARD_TARGET_MS,
  },
  { label: "quality 30 d by day", url: "/api/admin/quality", target: DASHBOARD_TARGET_MS },
  { label: "users, newest", url: "/api/admin/users", target: DASHBOARD_TARGET_MS },
  {
    label: "users by query count",
    url: "/api/admin/users?sort=queryCount",
    target: DASHBOARD_TARGET_MS,
  },
  {
    label: "users by average rating",
    url: "/api/admin/users?sort=averageRating",
    target: DASHBOARD_TARGET_MS,
  },
  { label: "audit log", url: "/api/admin/audit", target: DASHBOARD_TARGET_MS },
  { label: "search 'python'", url: "/api/admin/search?q=python", target: SEARCH_TARGET_MS },
  {
    label: "search 'recursion error'",
    url: "/api/admin/search?q=recursion%20error",
    target: SEARCH_TARGET_MS,
  },
  { label: "search email prefix", url: "/api/admin/search?q=ali", target: SEARCH_TARGET_MS },
];

interface Row {
  database: string;
  label: string;
  p50: number;
  p95: number;
  target: number;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? Number.NaN) * 10) / 10;
}

/** Seeds the database when it has no accounts yet; prints how long it took. */
async function seedIfEmpty(database: DatabaseHandle, name: string): Promise<void> {
  const [row] = await database.db.select({ count: sql<number>`count(*)::int` }).from(users);
  if ((row?.count ?? 0) > 0) {
    console.log(`${name}: reusing the seeded database (${row?.count} accounts)`);
    await database.db.execute(sql`analyze`);
    return;
  }
  const started = performance.now();
  const hasher = new PasswordHasher(1000);
  await seedDatabase(
    database.db,
    { ...seedSize, seed: 1, withCodeBlocks: true, force: false },
    { passwordHash: await hasher.hash(SEED_PASSWORD), progress: () => {} },
  );
  console.log(`${name}: seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Times every endpoint `runs` times (after one warm-up) as the seeded administrator. */
async function measure(database: DatabaseHandle, name: string): Promise<Row[]> {
  await seedIfEmpty(database, name);
  const dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-bench-app-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    CODEGENIE_AUTO_DOWNLOAD: "false",
  });
  const app = await buildApp(config, { database });
  try {
    const [admin] = await database.db
      .select({ username: users.username })
      .from(users)
      .where(eq(users.role, "admin"))
      .limit(1);
    const login = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: admin?.username, password: SEED_PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`admin sign-in failed: ${login.body}`);
    const headers = { authorization: `Bearer ${login.json().accessToken}` };
    const rows: Row[] = [];
    for (const endpoint of ENDPOINTS) {
      const times: number[] = [];
      for (let run = 0; run <= runs; run += 1) {
        const started = performance.now();
        const response = await app.inject({ method: "GET", url: endpoint.url, headers });
        const elapsed = performance.now() - started;
        if (response.statusCode !== 200) {
          throw new Error(`${endpoint.label}: ${response.statusCode} ${response.body}`);
        }
        if (run > 0) times.push(elapsed); // run 0 warms caches and plans
      }
      const row = {
        database: name,
        label: endpoint.label,
        p50: percentile(times, 0.5),
        p95: percentile(times, 0.95),
        target: endpoint.target,
      };
      console.log(`  ${name} ${row.label}: p50 ${row.p50} ms, p95 ${row.p95} ms`);
      rows.push(row);
    }
    return rows;
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results: Row[] = [];
/** Opens (and migrates) a database, printing how long that took: a new migration backfills. */
async function open(target: Parameters<typeof openDatabase>[0], name: string) {
  const started = performance.now();
  const database = await openDatabase(target);
  console.log(
    `${name}: opened and migrated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return database;
}

if (!args["skip-pglite"]) {
  const database = await open({ kind: "pglite", dataDir: args["pglite-dir"] }, "PGlite");
  try {
    results.push(...(await measure(database, "PGlite")));
  } finally {
    await database.close();
  }
}
if (args.postgres || args["database-url"]) {
  const server = args["database-url"] ? null : await startTestPostgres();
  const url = args["database-url"] ?? server?.url ?? "";
  const database = await open({ kind: "postgres", url }, "PostgreSQL");
  try {
    results.push(...(await measure(database, "PostgreSQL")));
  } finally {
    await database.close();
    await server?.stop();
  }
}

const machine = describeMachine();
console.log(
  `\n${machine.cpuModel}, ${machine.cores} cores, Node ${machine.nodeVersion}, commit ${machine.gitCommit}; load ${loadAverage().toFixed(2)}; ${seedSize.queries} queries, ${seedSize.feedback} feedback, ${seedSize.users} users; ${runs} runs each\n`,
);
console.log("| database | endpoint | p50 ms | p95 ms | target p95 | p95 / target |");
console.log("| --- | --- | ---: | ---: | ---: | ---: |");
for (const row of results) {
  const ratio = row.p95 / row.target;
  console.log(
    `| ${row.database} | ${row.label} | ${row.p50} | ${row.p95} | < ${row.target} | ${ratio.toFixed(2)}${ratio < 1 ? "" : " (miss)"} |`,
  );
}
