import type { TestProject } from "vitest/node";
import { openDatabase } from "../apps/server/src/db/database";
import { executeOn, startTestPostgres } from "../apps/server/src/testing/postgres-server";

const TEMPLATE_DATABASE = "codegenie_template";

/**
 * Vitest global setup of the `unit-postgres` project: starts a throwaway PostgreSQL server on a
 * loopback port, migrates a template database on it through the real `openDatabase()`, and
 * provides both (`inject("testPostgres")`). `createTestDatabase()` then copies the template
 * (`CREATE DATABASE … TEMPLATE`) for every test database, so tests stay independent and run in
 * parallel. The server and everything on it are thrown away at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  try {
    // The character classes of PGlite's databases (C.UTF-8; sorting stays bytewise C): with the
    // cluster's plain C, lower() and [[:alnum:]] would not know "É" or "é", and migration 0007's
    // feedback_comment_terms() would cut "café" to "caf".
    await executeOn(
      server.url,
      `create database ${TEMPLATE_DATABASE} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C.UTF-8'`,
    );
    const templateUrl = new URL(server.url);
    templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
    const template = await openDatabase({ kind: "postgres", url: templateUrl.href });
    await template.close();
    // A template must have no connections while it is copied: refuse them from now on.
    await executeOn(
      server.url,
      `alter database ${TEMPLATE_DATABASE} with allow_connections false is_template true`,
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide("testPostgres", { adminUrl: server.url, templateDatabase: TEMPLATE_DATABASE });
  return () => server.stop();
}
