import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../app";
import { loadConfig } from "../config/config";
import { type DatabaseHandle, openDatabase } from "../db/database";

/** A fresh, migrated, in-memory PGlite database: one per test file, nothing shared. */
export function createTestDatabase(): Promise<DatabaseHandle> {
  return openDatabase({ kind: "pglite", dataDir: null });
}

/** A server built for a test, with its own data folder and database; `close()` removes both. */
export interface TestApp {
  app: FastifyInstance;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Builds the real app on a fresh in-memory database and a temporary DATA_DIR. `env` holds the
 * environment variables of the test (e.g. CODEGENIE_MODELS_FILE); logs are silent unless
 * LOG_LEVEL says otherwise.
 */
export async function buildTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-test-"));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env });
  const database = await createTestDatabase();
  let app: FastifyInstance;
  try {
    app = await buildApp(config, { database });
  } catch (error) {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    app,
    dataDir,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
