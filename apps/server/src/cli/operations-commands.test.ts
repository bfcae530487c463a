import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ZAdminUser } from "@codegenie/shared";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { z } from "zod";
import { startTestPostgres, type TestPostgres } from "../testing/postgres-server";
import { runCli } from "./program";

// `codegenie serve`, `users delete` and `db backup`. The commands run in this process through
// runCli (the environment they read is stubbed per test), on an embedded database in a temporary
// DATA_DIR and on a throwaway PostgreSQL server; `serve` runs as a child process, since it listens
// until a signal.
const REPOSITORY_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const CLI_MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const PASSWORD = "correct horse battery staple 42";
const run = promisify(execFile);

/**
 * A temporary DATA_DIR whose embedded database is the migrated snapshot of this test run
 * (test/pglite-snapshot-setup.ts): creating and migrating a new one would take seconds.
 */
async function migratedDataDir(prefix: string): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), prefix));
  const snapshot = inject("pgliteSnapshotFile");
  if (snapshot) {
    await mkdir(path.join(folder, "db"));
    await run("tar", ["-xf", snapshot, "-C", path.join(folder, "db")]);
  }
  return folder;
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await migratedDataDir("codegenie-cli-ops-");
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Runs `codegenie …args` in this process on `env` (over DATA_DIR and a cheap password hash). */
async function codegenie(args: string[], env: Record<string, string> = {}) {
  const stubs = {
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    PASSWORD_HASH_ITERATIONS: "1000",
    NGROK_AUTHTOKEN: "",
    PASSWORD,
    ...env,
  };
  for (const [name, value] of Object.entries(stubs)) vi.stubEnv(name, value);
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

async function createAdmin(username: string, env: Record<string, string> = {}) {
  const result = await codegenie(
    [
      "users",
      "create-admin",
      "--username",
      username,
      "--email",
      `${username}@example.test`,
      "--password-env",
      "PASSWORD",
    ],
    env,
  );
  expect(result.code, result.stderr).toBe(0);
}

async function usernames(env: Record<string, string> = {}): Promise<string[]> {
  const result = await codegenie(["users", "list", "--json"], env);
  expect(result.code, result.stderr).toBe(0);
  return z
    .array(ZAdminUser)
    .parse(JSON.parse(result.stdout))
    .map((user) => user.username)
    .sort();
}

describe("codegenie operations commands", { timeout: 60_000 }, () => {
  it("documents serve, users delete and db backup, and the exit codes", async () => {
    const main = await codegenie(["--help"]);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/^\s+serve \[options\]/m);
    expect(main.stdout).toContain("4 no such user or model");

    const serve = await codegenie(["serve", "--help"]);
    expect(serve.stdout).toContain("--port <port>");
    expect(serve.stdout).toContain("--host <address>");
    expect(serve.stdout).toContain("--tunnel");
    const remove = await codegenie(["users", "delete", "--help"]);
    expect(remove.stdout).toContain("--yes");
    const backup = await codegenie(["db", "backup", "--help"]);
    expect(backup.stdout).toContain("pg_restore");
    expect(backup.stdout).toContain("tar -xzf");
  });

  it("refuses serve --tunnel without NGROK_AUTHTOKEN, and a bad port, with exit code 2", async () => {
    const tunnel = await codegenie(["serve", "--tunnel", "--port", "0"]);
    expect(tunnel.code).toBe(2);
    expect(tunnel.stderr).toContain("--tunnel needs an ngrok auth token: set NGROK_AUTHTOKEN");

    const port = await codegenie(["serve", "--port", "70000"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("expected a port number");
  });

  it("deletes a user with --yes, never without a confirmation, and never the last admin", async () => {
    await createAdmin("ada");
    await createAdmin("bob");
    expect((await codegenie(["users", "demote", "bob"])).code).toBe(0);

    const unknown = await codegenie(["users", "delete", "nobody", "--yes"]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('There is no user "nobody"');

    // No terminal to confirm at (this test's standard input): nothing happens without --yes.
    const unconfirmed = await codegenie(["users", "delete", "bob"]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain("add --yes");
    expect(await usernames()).toEqual(["ada", "bob"]);

    const deleted = await codegenie(["users", "delete", "bob@example.test", "--yes"]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain("Deleted bob <bob@example.test>");
    expect(await usernames()).toEqual(["ada"]);

    const last = await codegenie(["users", "delete", "ada", "--yes"]);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain("The last administrator cannot be removed");
    expect(await usernames()).toEqual(["ada"]);
  });

  it("backs up the embedded database to a tarball that PGlite restores", async () => {
    const file = path.join(dataDir, "backup.tar.gz");
    const backup = await codegenie(["db", "backup", file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/Backed up the embedded PGlite in .* \([\d.]+ MiB\)/);
    expect(existsSync(`${file}.partial`)).toBe(false);

    const again = await codegenie(["db", "backup", file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("add --force");

    const restored = await PGlite.create({ loadDataDir: new Blob([await readFile(file)]) });
    try {
      const { rows } = await restored.query<{ username: string; role: string }>(
        "select username, role from users order by username",
      );
      expect(rows).toEqual([{ username: "ada", role: "admin" }]);
    } finally {
      await restored.close();
    }
  });

  it("says there is nothing to back up in an empty DATA_DIR", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "codegenie-cli-empty-"));
    try {
      const result = await codegenie(["db", "backup", path.join(empty, "b.tar.gz")], {
        DATA_DIR: empty,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("There is no embedded database");
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  describe("on PostgreSQL", () => {
    let postgres: TestPostgres;
    beforeAll(async () => {
      postgres = await startTestPostgres();
    });
    afterAll(() => postgres?.stop());

    it("backs up through pg_dump to a file that pg_restore restores", async () => {
      const env = { DATABASE_URL: postgres.url };
      await createAdmin("grace", env);
      const file = path.join(dataDir, "backup.pgdump");
      const backup = await codegenie(["db", "backup", file], env);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain(`PostgreSQL at 127.0.0.1:${postgres.port}/postgres`);

      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query("create database restored");
      await admin.end();
      const restoredUrl = postgres.url.replace(/\/postgres$/, "/restored");
      await run("pg_restore", ["--no-owner", `--dbname=${restoredUrl}`, file]);
      const restored = new pg.Client({ connectionString: restoredUrl });
      await restored.connect();
      try {
        const { rows } = await restored.query("select username, role from users");
        expect(rows).toEqual([{ username: "grace", role: "admin" }]);
      } finally {
        await restored.end();
      }
    });

    it("names pg_dump when it is not installed", async () => {
      const result = await codegenie(["db", "backup", path.join(dataDir, "none.pgdump")], {
        DATABASE_URL: postgres.url,
        PATH: "/nonexistent",
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("pg_dump is not installed");
      expect(existsSync(path.join(dataDir, "none.pgdump"))).toBe(false);
    });
  });

  it("serves until SIGTERM, keeping on locally when ngrok cannot be reached", async () => {
    const serveDir = await migratedDataDir("codegenie-serve-");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", CLI_MAIN, "serve", "--port", "0", "--host", "127.0.0.1"],
      {
        cwd: REPOSITORY_ROOT,
        env: {
          ...process.env,
          DATA_DIR: serveDir,
          DATABASE_URL: "",
          // A token, and no network to reach ngrok with: the tunnel fails, the server stays.
          NGROK_AUTHTOKEN: "not_a_real_token",
          CODE_AUTO_RUN_LANGUAGES: "none",
          CODE_RUN_POOL_SIZE: "1",
          CODEGENIE_AUTO_DOWNLOAD: "false",
        },
      },
    );
    try {
      let logs = "";
      child.stdout.on("data", (chunk) => {
        logs += chunk;
      });
      child.stderr.on("data", (chunk) => {
        logs += chunk;
      });
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      await vi.waitFor(() => expect(logs).toContain("could not open the public URL"), {
        timeout: 45_000,
        interval: 100,
      });
      const port = Number(/CodeGenie is running at http:\/\/127\.0\.0\.1:(\d+)/.exec(logs)?.[1]);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(logs).not.toContain("not_a_real_token");

      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
      await rm(serveDir, { recursive: true, force: true });
    }
  });
});
