import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app";
import { loadConfig } from "../config/config";
import { generations } from "../db/schema";
import { insertHistoryRow } from "../history/history-testing";
import { buildTestApp, signUpUser } from "../testing/test-app";

// An answer left `running` by a crash: the embedded database's next start marks it failed.
describe("answers cut off by a crash", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-restart-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const config = () =>
    loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      CODEGENIE_AUTO_DOWNLOAD: "false",
      CODE_AUTO_RUN_LANGUAGES: "none",
    });

  it("are marked failed with server.restarted, their partial text kept, when PGlite starts", async () => {
    const first = await buildApp(config());
    const { id: userId } = await signUpUser(first);
    const running = await insertHistoryRow(first.database.db, {
      userId,
      status: "running",
      responseText: "def add(a, b):",
      finishReason: null,
      finishedAt: null,
    });
    const done = await insertHistoryRow(first.database.db, { userId });
    await first.close();

    const second = await buildApp(config());
    try {
      const [after] = await second.database.db
        .select()
        .from(generations)
        .where(eq(generations.id, running.id));
      expect(after).toMatchObject({
        status: "failed",
        errorCode: "server.restarted",
        responseText: "def add(a, b):",
      });
      expect(after?.finishedAt).toBeInstanceOf(Date);
      const [untouched] = await second.database.db
        .select()
        .from(generations)
        .where(eq(generations.id, done.id));
      expect(untouched?.status).toBe("completed");
    } finally {
      await second.close();
    }
  });

  it("are left alone by an app on a shared database (another process may be writing them)", async () => {
    const owner = await buildTestApp();
    try {
      const { id: userId } = await signUpUser(owner.app);
      const running = await insertHistoryRow(owner.app.database.db, {
        userId,
        status: "running",
        finishedAt: null,
      });
      const replica = await buildTestApp({}, { database: owner.app.database });
      await replica.close();
      const [row] = await owner.app.database.db
        .select()
        .from(generations)
        .where(eq(generations.id, running.id));
      expect(row?.status).toBe("running");
    } finally {
      await owner.close();
    }
  });
});
