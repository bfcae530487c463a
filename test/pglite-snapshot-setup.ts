import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../apps/server/src/db/database";

/**
 * Vitest global setup of the projects whose tests use the embedded database: migrates one
 * in-memory PGlite database through the real `openDatabase()`, writes its data folder as a tar
 * file and provides its path (`inject("pgliteSnapshotFile")`). `createTestDatabase()` starts each
 * test's database from that file instead of running every migration again, which takes a few
 * times longer. The snapshot is made from the migrations as they are when the run starts (a
 * watching vitest needs a restart after a new migration).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await openDatabase({ kind: "pglite", dataDir: null });
  // Drizzle's documented way to the driver under a database.
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const file = path.join(tmpdir(), `codegenie-pglite-snapshot-${randomUUID()}.tar`);
  try {
    const snapshot = await client.dumpDataDir("none");
    await writeFile(file, Buffer.from(await snapshot.arrayBuffer()));
  } finally {
    await database.close();
  }
  project.provide("pgliteSnapshotFile", file);
  return () => rm(file, { force: true });
}
