import { execFile, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/** A throwaway PostgreSQL server on a loopback port. */
export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string;
  port: number;
  /** Stops the server and deletes its data folder. */
  stop(): Promise<void>;
}

/**
 * The folder of Debian's PostgreSQL programs (`initdb`, `pg_ctl`), newest version first; null when
 * the `postgresql` package is not installed (`.ci/run` installs it).
 */
export function findPostgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

/** A free loopback TCP port. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a fresh PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only, with
 * trust authentication for the `postgres` role and fsync off (test data is thrown away). PostgreSQL
 * refuses to run as root, so under root it runs as the `postgres` account Debian's package creates.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      "PostgreSQL is not installed: apt-get install -y postgresql (the test suite starts its own server from its programs).",
    );
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dataDir, Number(stdout.trim()), Number(gid.trim()));
  }
  const command = (program: string, args: string[]) =>
    asRoot
      ? { file: "runuser", args: ["-u", "postgres", "--", path.join(bin, program), ...args] }
      : { file: path.join(bin, program), args };

  const cluster = path.join(dataDir, "cluster");
  const initdb = command("initdb", [
    "-D",
    cluster,
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
    // Like PGlite: byte-order collation, UTF-8 character classes (lower(), [[:alnum:]] on "café").
    "--lc-ctype=C.UTF-8",
  ]);
  await run(initdb.file, initdb.args);

  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dataDir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
  ].join(" ");
  const start = command("pg_ctl", [
    "-D",
    cluster,
    "-o",
    options,
    "-l",
    path.join(dataDir, "log"),
    "-w",
    "start",
  ]);
  await run(start.file, start.args);

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      const stop = command("pg_ctl", ["-D", cluster, "-m", "immediate", "-w", "stop"]);
      await new Promise<void>((resolve) => {
        spawn(stop.file, stop.args, { stdio: "ignore" }).once("exit", () => resolve());
      });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs one statement on its own connection (create or drop a database: no pool, no transaction). */
export async function executeOn(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
