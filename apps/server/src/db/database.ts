import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePostgres } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite, type PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import type { AppConfig } from "../config/config";
import * as schema from "./schema";

/** The Drizzle database, the same type whether PGlite or a PostgreSQL server is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database connection with its migrations applied. */
export interface DatabaseHandle {
  db: Database;
  /** True when a trivial query succeeds (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));
/** Name of the advisory lock that serialises migrations across processes (PostgreSQL server). */
export const MIGRATION_LOCK = "codegenie.migrations";

/**
 * Opens the database the configuration names and applies pending migrations: PGlite in a folder
 * (or in memory when `dataDir` is null, for tests), or a PostgreSQL server through node-postgres.
 */
export async function openDatabase(
  target: AppConfig["database"] | { kind: "pglite"; dataDir: null },
  options: { onIdleConnectionError?: (error: Error) => void } = {},
): Promise<DatabaseHandle> {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url });
    // An idle connection the server closes (a restart, a failover, an administrator) is an
    // 'error' event on the pool: without a listener it would end the process. The pool drops that
    // connection and opens a new one for the next query.
    pool.on("error", (error) => options.onIdleConnectionError?.(error));
    try {
      await migrateUnderLock(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const db = drizzleNodePostgres(pool, { schema });
    return { db, ping: () => ping(db), close: () => pool.end() };
  }

  if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
  const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  const handle = pgliteHandle(client);
  await migratePglite(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
  return handle;
}

/** The handle of an open PGlite client, as it is (no migrations: for a migrated snapshot). */
export function pgliteHandle(
  client: PGlite,
): DatabaseHandle & { db: PgliteDatabase<typeof schema> } {
  const db = drizzlePglite(client, { schema });
  return { db, ping: () => ping(db), close: () => client.close() };
}

/**
 * Applies pending migrations while holding a session-level advisory lock, so replicas that start
 * together migrate one after another: the first applies them, the others then find nothing to do.
 * Lock and migrations share one connection; closing it would release the lock too.
 */
async function migrateUnderLock(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext($1))", [MIGRATION_LOCK]);
    try {
      await migrateNodePostgres(drizzleNodePostgres(client, { schema }), {
        migrationsFolder: MIGRATIONS_FOLDER,
      });
    } finally {
      await client.query("select pg_advisory_unlock(hashtext($1))", [MIGRATION_LOCK]);
    }
    client.release();
  } catch (error) {
    // A connection that failed is closed, not reused: closing it also drops any lock it holds.
    client.release(true);
    throw error;
  }
}

async function ping(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
