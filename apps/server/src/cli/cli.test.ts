import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ZAdminUser, ZAuditResponse } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { buildApp } from "../app";
import { loadConfig } from "../config/config";

// The real `codegenie` command as a child process, on an embedded database in a temporary
// DATA_DIR. The tests run in order and share that database.
const REPOSITORY_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const CLI_MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const ADA_PASSWORD = "correct horse battery staple 42";
const BOB_PASSWORD = "another quite long passphrase 7";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-cli-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `codegenie …args`, writing `input` to its standard input. */
function codegenie(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI_MAIN, ...args], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        PASSWORD_HASH_ITERATIONS: "1000",
        ...options.env,
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
    child.stdin.end(options.input ?? "");
  });
}

async function listUsers() {
  const result = await codegenie(["users", "list", "--json"]);
  expect(result.code, result.stderr).toBe(0);
  return z.array(ZAdminUser).parse(JSON.parse(result.stdout));
}

describe("codegenie", { timeout: 90_000 }, () => {
  it("explains itself and each command with --help", async () => {
    const main = await codegenie(["--help"]);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain("users");
    expect(main.stdout).toContain("db");
    expect(main.stdout).toMatch(/Exit codes: 0 done, 1 failed, 2 usage.*3 refused/);

    const createAdmin = await codegenie(["users", "create-admin", "--help"]);
    expect(createAdmin.code).toBe(0);
    expect(createAdmin.stdout).toContain("--password-stdin");
    expect(createAdmin.stdout).toContain("--password-env <variable>");
  });

  it("answers usage errors with exit code 2, and never takes a password as an argument", async () => {
    const noCommand = await codegenie(["frobnicate"]);
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toContain("unknown command");

    const passwordArgument = await codegenie([
      "users",
      "create-admin",
      "--username",
      "mallory",
      "--email",
      "mallory@example.test",
      "--password",
      ADA_PASSWORD,
    ]);
    expect(passwordArgument.code).toBe(2);
    expect(passwordArgument.stderr).toContain("unknown option '--password'");

    const badUsername = await codegenie(
      ["users", "create-admin", "--username", "a b", "--email", "ab@example.test"],
      { input: ADA_PASSWORD },
    );
    expect(badUsername.code).toBe(2);
    expect(badUsername.stderr).toContain("--username");
  });

  it("applies the migrations with db migrate", async () => {
    const result = await codegenie(["db", "migrate"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("up to date");
  });

  it("creates an administrator with the password from standard input", async () => {
    const weak = await codegenie(
      [
        "users",
        "create-admin",
        "--username",
        "ada",
        "--email",
        "ada@example.test",
        "--password-stdin",
      ],
      { input: "ada12345\n" },
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("too weak");

    const result = await codegenie(
      [
        "users",
        "create-admin",
        "--username",
        "ada",
        "--email",
        "Ada@Example.test",
        "--display-name",
        "Ada Lovelace",
        "--password-stdin",
      ],
      { input: `${ADA_PASSWORD}\n` },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Created the administrator ada");

    const [ada, ...others] = await listUsers();
    expect(others).toEqual([]);
    expect(ada).toMatchObject({
      username: "ada",
      email: "ada@example.test",
      displayName: "Ada Lovelace",
      role: "admin",
      lastLoginAt: null,
    });
  });

  it("refuses a third administrator with exit code 3", async () => {
    const bob = await codegenie(
      [
        "users",
        "create-admin",
        "--username",
        "bob",
        "--email",
        "bob@example.test",
        "--password-env",
        "BOB_PASSWORD",
      ],
      { env: { BOB_PASSWORD } },
    );
    expect(bob.code, bob.stderr).toBe(0);

    const carol = await codegenie(
      [
        "users",
        "create-admin",
        "--username",
        "carol",
        "--email",
        "carol@example.test",
        "--password-stdin",
      ],
      { input: "a third long enough passphrase 9" },
    );
    expect(carol.code).toBe(3);
    expect(carol.stderr).toContain("at most two administrators");
    expect(carol.stderr).toContain("codegenie users demote");

    const users = await listUsers();
    expect(users.map((user) => [user.username, user.role])).toEqual([
      ["bob", "admin"],
      ["ada", "admin"],
    ]);
  });

  it("demotes and promotes by user id or email, keeping the last administrator", async () => {
    const demoted = await codegenie(["users", "demote", "bob@example.test"]);
    expect(demoted.code, demoted.stderr).toBe(0);
    expect(demoted.stdout).toContain("bob is now a user");

    const last = await codegenie(["users", "demote", "ada"]);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain("The last administrator cannot be removed");

    const unknown = await codegenie(["users", "promote", "nobody"]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('There is no user "nobody"');

    // create-admin on an existing account promotes it (its password stays: see the last test).
    const again = await codegenie([
      "users",
      "create-admin",
      "--username",
      "bob",
      "--email",
      "bob@example.test",
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("bob is now an administrator");
  });

  it("leaves accounts the server signs in to, and audit entries from the command line", async () => {
    const app = await buildApp(
      loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", PASSWORD_HASH_ITERATIONS: "1000" }),
    );
    try {
      const login = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username: "ada", password: ADA_PASSWORD },
      });
      expect(login.statusCode, login.body).toBe(200);
      expect(login.json().user.role).toBe("admin");
      const bobLogin = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username: "bob", password: BOB_PASSWORD },
      });
      expect(bobLogin.statusCode, bobLogin.body).toBe(200);
      expect(bobLogin.json().user.role).toBe("admin");

      const audit = await app.inject({
        method: "GET",
        url: "/api/admin/audit?pageSize=100",
        headers: { authorization: `Bearer ${login.json().accessToken}` },
      });
      const { entries } = ZAuditResponse.parse(audit.json());
      const fromCli = entries.filter((entry) => entry.action !== "auth.login");
      // Newest first.
      expect(fromCli.map((entry) => [entry.action, entry.targetUsername])).toEqual([
        ["user.promoted", "bob"],
        ["user.demoted", "bob"],
        ["user.registered", "bob"],
        ["user.registered", "ada"],
      ]);
      for (const entry of fromCli) {
        expect(entry).toMatchObject({ actorId: null, ip: null });
        expect(entry.details).toMatchObject({ via: "cli" });
      }
    } finally {
      await app.close();
    }
  });
});
