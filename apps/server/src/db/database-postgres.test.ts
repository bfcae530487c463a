import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPostgres, type TestPostgres } from "../testing/postgres-server";
import { openDatabase } from "./database";

describe("a PostgreSQL server that drops connections", () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(() => server.stop());

  it("reports an idle connection it closed, and the next query opens a new one", async () => {
    const lost: Error[] = [];
    const database = await openDatabase(
      { kind: "postgres", url: server.url },
      { onIdleConnectionError: (error) => lost.push(error) },
    );
    try {
      await database.db.execute(sql`select 1`);
      // What a restart or an administrator does to the pool's idle connection.
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid() and backend_type = 'client backend'",
      );
      await admin.end();
      await expect.poll(() => lost.length).toBeGreaterThan(0);
      expect(lost[0]?.message).toMatch(/terminat/);
      expect(await database.ping()).toBe(true);
    } finally {
      await database.close();
    }
  });
});
