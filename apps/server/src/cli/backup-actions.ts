// What `codegenie db backup` does; loaded only when it runs (backup-command.ts defines it).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { loadConfig } from "../config/config";
import { type CliOutput, UsageError } from "./cli-io";
import { describeDatabase } from "./describe-database";
import { formatBytes } from "./models-actions";

/**
 * `db backup <file>`: writes the configured database to `file`, through `<file>.partial` so that a
 * file with the final name is always a complete backup.
 */
export async function backupDatabase(
  file: string,
  options: { force?: boolean },
  output: CliOutput,
): Promise<void> {
  const config = loadConfig();
  const target = path.resolve(file);
  if (!options.force && existsSync(target)) {
    throw new UsageError(`${file} exists: choose another file or add --force to replace it`);
  }
  const partial = `${target}.partial`;
  const started = performance.now();
  try {
    if (config.database.kind === "pglite") await dumpPglite(config.database.dataDir, partial);
    else await dumpPostgres(config.database.url, partial);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const { size } = await stat(target);
  const seconds = (performance.now() - started) / 1000;
  output.out(
    `Backed up the ${describeDatabase(config.database)} to ${target} (${formatBytes(size)}) in ${seconds.toFixed(1)} s.\n`,
  );
}

/**
 * The PGlite data folder as a gzip tarball (`dumpDataDir`), after a checkpoint. PGlite is one
 * process's database: the server must not have the folder open meanwhile.
 */
async function dumpPglite(dataDir: string, file: string): Promise<void> {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new Error(`There is no embedded database in ${dataDir}: nothing to back up.`);
  }
  const client = await PGlite.create(dataDir);
  try {
    await client.exec("CHECKPOINT");
    const tarball = await client.dumpDataDir("gzip");
    await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
  } finally {
    await client.close();
  }
}

/**
 * `pg_dump --format=custom` of the server's database. The password travels in PGPASSWORD, not on
 * the command line where `ps` would show it.
 */
async function dumpPostgres(databaseUrl: string, file: string): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  const args = ["--format=custom", "--no-password", `--file=${file}`, `--dbname=${url.href}`];
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  await new Promise<void>((resolve, reject) => {
    const child = spawn("pg_dump", args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new Error(
              "pg_dump is not installed: install PostgreSQL's client programs (apt-get install postgresql-client), the same major version as the server or newer.",
            )
          : error,
      );
    });
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`pg_dump failed (exit code ${code}): ${stderr.trim()}`));
    });
  });
}
