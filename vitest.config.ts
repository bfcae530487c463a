import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Five suites, so the fast one stays fast:
 * - unit: no model engine, embedded database only (seconds);
 * - unit-postgres: the unit files that use a database, again on a real PostgreSQL server;
 * - model: anything that runs the real llama.cpp engine on a generated GGUF model;
 * - model-postgres: the model files that use a database, again on a real PostgreSQL server;
 * - e2e: real Chromium against a real server (needs `npm run build` first).
 */

const UNIT_EXCLUDE = ["**/*.model.test.ts", "**/node_modules/**"];

/**
 * Unit files that take their database from apps/server/src/testing/test-app.ts but must stay on
 * PGlite, each with the reason.
 */
const PGLITE_ONLY = [
  // `codegenie db seed` runs as a child process on the PGlite data folder in its DATA_DIR, and
  // the test opens that folder itself afterwards.
  "apps/server/src/seed/seed.test.ts",
];

/**
 * The server test files whose database comes from test-app.ts (`buildTestApp`,
 * `buildModelTestApp` or `createTestDatabase`): those, and only those, get a PostgreSQL database
 * in the `unit-postgres` and `model-postgres` projects. Found by reading the files, so a new
 * database test runs on both databases without a list to keep.
 */
function databaseTestFiles(kind: "unit" | "model"): string[] {
  const root = fileURLToPath(new URL(".", import.meta.url));
  return readdirSync(path.join(root, "apps/server/src"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".test.ts"))
    .filter((file) => file.endsWith(".model.test.ts") === (kind === "model"))
    .map((file) => `apps/server/src/${file.split(path.sep).join("/")}`)
    .filter((file) => !PGLITE_ONLY.includes(file))
    .filter((file) =>
      /\b(buildTestApp|buildModelTestApp|createTestDatabase)\(/.test(
        readFileSync(path.join(root, file), "utf8"),
      ),
    );
}

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "packages/*/src/**/*.test.ts",
            "apps/server/src/**/*.test.ts",
            "apps/web/src/**/*.test.ts",
          ],
          exclude: UNIT_EXCLUDE,
          globalSetup: ["./test/pglite-snapshot-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "unit-postgres",
          include: databaseTestFiles("unit"),
          exclude: UNIT_EXCLUDE,
          globalSetup: ["./test/postgres-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "model",
          include: ["packages/*/src/**/*.model.test.ts", "apps/server/src/**/*.model.test.ts"],
          globalSetup: ["./test/global-setup.ts", "./test/pglite-snapshot-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // llama.cpp's threads spin while they wait: two engines on the same cores slow each
          // other down a hundredfold, so model test files run one at a time.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "model-postgres",
          include: databaseTestFiles("model"),
          globalSetup: ["./test/global-setup.ts", "./test/postgres-global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["apps/web/e2e/**/*.test.ts"],
          globalSetup: ["./test/global-setup.ts", "./test/pglite-snapshot-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
