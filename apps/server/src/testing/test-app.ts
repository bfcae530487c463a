import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { FastifyInstance } from "fastify";
import { inject } from "vitest";
import { buildApp } from "../app";
import { loadConfig } from "../config/config";
import { type DatabaseHandle, openDatabase, pgliteHandle } from "../db/database";
import { executeOn } from "./postgres-server";

/**
 * A fresh, empty, migrated database of its own for a test (nothing shared): in the
 * `unit-postgres` project a new database on the suite's PostgreSQL server, copied from its
 * migrated template and dropped again by `close()`; elsewhere an in-memory PGlite database,
 * started from the migrated snapshot when the project provides one.
 */
export function createTestDatabase(): Promise<DatabaseHandle> {
  // Outside Vitest (the benchmarks in bench/ build the app too) there is nothing to inject.
  const isVitest = process.env.VITEST !== undefined;
  const postgres = isVitest ? inject("testPostgres") : undefined;
  if (postgres) return createPostgresTestDatabase(postgres);
  const snapshotFile = isVitest ? inject("pgliteSnapshotFile") : undefined;
  if (snapshotFile) return openPgliteSnapshot(snapshotFile);
  return openDatabase({ kind: "pglite", dataDir: null });
}

async function createPostgresTestDatabase(server: {
  adminUrl: string;
  templateDatabase: string;
}): Promise<DatabaseHandle> {
  const name = `test_${randomUUID().replaceAll("-", "")}`;
  await executeOn(server.adminUrl, `create database ${name} template ${server.templateDatabase}`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  // The real path of a server on DATABASE_URL: the migrator finds every migration applied.
  const database = await openDatabase({ kind: "postgres", url: url.href });
  return {
    ...database,
    async close() {
      await database.close();
      await executeOn(server.adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** In-memory PGlite loaded from a migrated data folder (test/pglite-snapshot-setup.ts). */
async function openPgliteSnapshot(file: string): Promise<DatabaseHandle> {
  return pgliteHandle(new PGlite({ loadDataDir: new Blob([await readFile(file)]) }));
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
 * LOG_LEVEL says otherwise. Pass `database` to share one database between several apps (like
 * several server processes); its owner closes it.
 */
export async function buildTestApp(
  env: Record<string, string> = {},
  options: { database?: DatabaseHandle } = {},
): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-test-"));
  // Few hashing rounds keep sign-ups fast; the hasher's own test uses the real cost.
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    PASSWORD_HASH_ITERATIONS: "1000",
    // There is no model hub here: a test that wants downloads points HF_ENDPOINT at the test hub.
    CODEGENIE_AUTO_DOWNLOAD: "false",
    ...env,
  });
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? (await createTestDatabase());
  let app: FastifyInstance;
  try {
    app = await buildApp(config, { database });
  } catch (error) {
    if (ownsDatabase) await database.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    app,
    dataDir,
    async close() {
      await app.close();
      if (ownsDatabase) await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-up, signed-in user of a test app. */
export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  accessToken: string;
  /** The refresh cookie as a `cookie` header value. */
  refreshCookie: string;
  /** `authorization` header for `app.inject`. */
  headers: { authorization: string };
}

let userCounter = 0;

/**
 * Signs a new user up and in through the API (the first user of an app is its admin). The
 * password is strong enough for the sign-up rules.
 */
export async function signUpUser(
  app: FastifyInstance,
  overrides: { username?: string; email?: string; password?: string } = {},
): Promise<TestUser> {
  userCounter += 1;
  const username = overrides.username ?? `tester${userCounter}-${process.pid}`;
  const email = overrides.email ?? `${username}@example.test`.toLowerCase();
  const password = overrides.password ?? "correct horse battery staple 42";
  const registered = await app.inject({
    method: "POST",
    url: "/api/auth/register",
    payload: { username, email, password, displayName: `Tester ${userCounter}` },
  });
  if (registered.statusCode !== 201) throw new Error(`sign-up failed: ${registered.body}`);
  const login = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { username, password },
  });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.body}`);
  const cookie = login.cookies.find((candidate) => candidate.name === "codegenie_refresh");
  const accessToken: string = login.json().accessToken;
  return {
    id: registered.json().id,
    username,
    email,
    password,
    accessToken,
    refreshCookie: `codegenie_refresh=${cookie?.value ?? ""}`,
    headers: { authorization: `Bearer ${accessToken}` },
  };
}

/** A models file written for a test, in its own temporary folder. */
export interface TestModelsFile {
  /** Absolute path, for CODEGENIE_MODELS_FILE. */
  file: string;
  /** Deletes the folder. */
  remove(): Promise<void>;
}

/** Writes `{ "models": entries }` into a new temporary folder (entries as in the models file). */
export async function writeTestModelsFile(entries: object[]): Promise<TestModelsFile> {
  const folder = await mkdtemp(path.join(tmpdir(), "codegenie-models-"));
  const file = path.join(folder, "models.json");
  await writeFile(file, JSON.stringify({ models: entries }));
  return { file, remove: () => rm(folder, { recursive: true, force: true }) };
}

/** A models-file entry for one of the models the model and e2e suites generate. */
export function generatedTestModel(which: "tiny" | "streaming", id: string = which) {
  return which === "tiny"
    ? {
        id,
        name: "Tiny test model",
        promptFormat: "deepseek-coder",
        source: { file: inject("tinyModelPath") },
      }
    : {
        id,
        name: "Streaming test model",
        promptFormat: "deepseek-coder",
        source: { file: inject("streamingModelPath") },
      };
}

/** A test app serving models from a models file of its own, with a signed-up first user. */
export interface ModelTestApp extends TestApp {
  user: TestUser;
}

/**
 * Writes a models file of `models` (see {@link generatedTestModel}), builds a test app on it with
 * `env`, and signs up its first user; `close()` also deletes the models file.
 */
export async function buildModelTestApp(
  models: object[],
  env: Record<string, string> = {},
): Promise<ModelTestApp> {
  const modelsFile = await writeTestModelsFile(models);
  const testApp = await buildTestApp({ CODEGENIE_MODELS_FILE: modelsFile.file, ...env });
  return {
    ...testApp,
    user: await signUpUser(testApp.app),
    async close() {
      await testApp.close();
      await modelsFile.remove();
    },
  };
}
