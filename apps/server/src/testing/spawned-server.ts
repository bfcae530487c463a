// Starts the real server (`npm start`'s main.ts) as a child process, for tests of what only a
// process shows: signals, exit codes, restarts on the same data.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { inject } from "vitest";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
/**
 * util-linux's setpriv, when present, makes the kernel kill a server whose test process died
 * (a timed-out test, an interrupted run): no server is left behind holding a port and a CPU.
 */
const SETPRIV = "/usr/bin/setpriv";
/** Servers still running, killed when the test process exits. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A running server process. */
export interface ServerProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every line the process wrote to standard output so far (JSON log lines). */
  logs: string[];
  /** Resolves when the process has ended, with its exit code (null when a signal killed it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts main.ts with `env` on top of test defaults (a free port, quick password hashing, one
 * llama.cpp thread, one warm Python sandbox, no downloads) and resolves once it listens. The
 * test's own DATABASE_URL is not passed on: the child uses the database `env` names. Starting
 * takes a few seconds (TypeScript, the database open and its migrations; a new PGlite folder
 * takes longest).
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const command = [process.execPath, "--import", "tsx", MAIN];
  const [file, ...args] = existsSync(SETPRIV)
    ? [SETPRIV, "--pdeathsig", "KILL", "--", ...command]
    : command;
  const child = spawn(file as string, args, {
    env: {
      ...inherited,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      PASSWORD_HASH_ITERATIONS: "1000",
      CODEGENIE_AUTO_DOWNLOAD: "false",
      MODEL_THREADS: "1",
      CODE_RUN_POOL_SIZE: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  running.add(child);
  const exited = once(child, "exit").then(([code, signal]) => {
    running.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  const logs: string[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      logs.push(line);
      const match = /CodeGenie is running at http:\/\/[^:]+:(\d+)/.exec(line);
      if (match?.[1]) resolve(`http://127.0.0.1:${match[1]}`);
    });
    void exited.then(({ code, signal }) =>
      reject(
        new Error(`the server exited before listening (${code ?? signal}):\n${logs.join("\n")}`),
      ),
    );
  });
  return { child, url, logs, exited };
}

/**
 * Puts the test run's migrated embedded database (the tar of `inject("pgliteSnapshotFile")`, see
 * test/pglite-snapshot-setup.ts) into `DATA_DIR/db`: a server then opens it in under a second
 * instead of creating and migrating a new one (about 5 s). The files are those PGlite writes
 * itself; only the first start differs.
 */
export async function seedEmbeddedDatabase(dataDir: string): Promise<void> {
  const snapshotFile = inject("pgliteSnapshotFile");
  if (!snapshotFile) throw new Error("this Vitest project has no PGlite snapshot setup");
  const folder = path.join(dataDir, "db");
  await mkdir(folder, { recursive: true });
  await promisify(execFile)("tar", ["-xf", snapshotFile, "-C", folder]);
}

/** Stops a server process at once (SIGKILL) unless it has already ended. */
export async function killServerProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill("SIGKILL");
  }
  await server.exited;
}

/** A JSON request to a server process; `accessToken` signs it in. */
export function postJson(
  url: string,
  body: object,
  accessToken?: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** The account {@link signUpOverHttp} creates (the first user of a fresh database: its admin). */
export const OPERATOR = {
  username: "operator",
  email: "operator@example.test",
  password: "correct horse battery staple 42",
};

/** Signs {@link OPERATOR} in over HTTP (signing up first when `isNew`); returns the access token. */
export async function signInOverHttp(url: string, isNew: boolean): Promise<string> {
  const { username, email, password } = OPERATOR;
  if (isNew) {
    const registered = await postJson(`${url}/api/auth/register`, {
      username,
      email,
      password,
      displayName: "Operator",
    });
    if (registered.status !== 201) throw new Error(`sign-up failed: ${await registered.text()}`);
  }
  const login = await postJson(`${url}/api/auth/login`, { username, password });
  if (login.status !== 200) throw new Error(`sign-in failed: ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return accessToken;
}
