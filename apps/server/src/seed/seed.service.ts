import type { TSentiment } from "@codegenie/shared";
import { sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { users as usersTable } from "../db/schema";
import { scoreSentiment } from "../feedback/sentiment";
import { type ColumnChunk, type ColumnTypes, insertChunk } from "./bulk-insert";
import { SeedRandom } from "./seed-random";
import { buildHistory, buildUsers } from "./seed-rows";

/**
 * The password of every seeded account (stored as one PBKDF2 hash made once per run, so seeding
 * does not spend minutes hashing). For development databases only: seeded accounts are fake.
 */
export const SEED_PASSWORD = "codegenie-dev-password";

/** What to seed. */
export interface SeedOptions {
  users: number;
  queries: number;
  /** Rated queries; at most `queries`. */
  feedback: number;
  /** PRNG seed: the same seed gives the same rows on an empty database. */
  seed: number;
  /** Also write the code blocks (syntax, runs) of answers, for the quality panel. */
  withCodeBlocks: boolean;
  /** Seed even though the database already has accounts. */
  force: boolean;
  /** Queries per insert statement and transaction, default 50 000. */
  chunkSize?: number;
}

/** Rows written to one table and the seconds its inserts took. */
export interface SeedTableReport {
  table: string;
  rows: number;
  seconds: number;
}

/** Refused: the database already has accounts and `force` was not given. */
export class SeedRefusedError extends Error {
  override name = "SeedRefusedError";
}

/** Fills the database with realistic fake accounts, history and feedback in bulk. */
export async function seedDatabase(
  db: Database,
  options: SeedOptions,
  context: { passwordHash: string; now?: number; progress?: (line: string) => void },
): Promise<SeedTableReport[]> {
  const now = context.now ?? Date.now();
  const progress = context.progress ?? (() => {});
  const [existing] = await db
    .select({
      users: sql<number>`count(*)::int`,
      admins: sql<number>`(count(*) filter (where ${usersTable.role} = 'admin'))::int`,
    })
    .from(usersTable);
  const { users: existingUsers = 0, admins = 0 } = existing ?? {};
  if (existingUsers > 0 && !options.force) {
    throw new SeedRefusedError(
      `The database already has ${existingUsers} account(s); seeding adds fake accounts and history next to them. Refusing without --force.`,
    );
  }
  if (options.users < 1 && options.queries > 0) throw new Error("Queries need at least one user.");
  if (options.feedback > options.queries) throw new Error("--feedback cannot exceed --queries.");

  // Earlier seeds (with --force) shift the PRNG and the user id numbers, so nothing collides.
  const random = new SeedRandom(options.seed + existingUsers * 7919);
  const timings = new Map<string, SeedTableReport>();
  const write = async (tx: Pick<Database, "execute">, chunk: ColumnChunk<ColumnTypes>) => {
    const started = performance.now();
    await insertChunk(tx as Database, chunk);
    const report = timings.get(chunk.table) ?? { table: chunk.table, rows: 0, seconds: 0 };
    report.rows += chunk.length;
    report.seconds += (performance.now() - started) / 1000;
    timings.set(chunk.table, report);
  };

  const { users, chunk: userChunk } = buildUsers(random, {
    count: options.users,
    firstNumber: existingUsers + 1,
    now,
    passwordHash: context.passwordHash,
    withAdmin: admins === 0,
  });
  const chunkSize = options.chunkSize ?? 50_000;
  await db.transaction(async (tx) => write(tx, userChunk));
  progress(`users: ${options.users}`);

  // VADER runs once per distinct comment text: comments come from a few templates.
  const sentiments = new Map<string, TSentiment>();
  const score = (comment: string) => {
    const cached = sentiments.get(comment);
    if (cached) return cached;
    const scored = scoreSentiment(comment);
    sentiments.set(comment, scored);
    return scored;
  };
  const history = buildHistory(
    random,
    users,
    { ...options, withCodeBlocks: options.withCodeBlocks, chunkSize, now },
    score,
  );
  let queries = 0;
  for (const chunk of history) {
    await db.transaction(async (tx) => {
      await write(tx, chunk.conversations);
      await write(tx, chunk.generations);
      await write(tx, chunk.feedback);
      await write(tx, chunk.codeBlocks);
    });
    queries += chunk.generations.length;
    progress(`queries: ${queries}/${options.queries}`);
  }
  // Fresh planner statistics for the bulk-loaded tables (embedded PGlite runs no autovacuum).
  await db.execute(sql`analyze`);
  return [...timings.values()];
}
