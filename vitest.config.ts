import { defineConfig } from "vitest/config";

/**
 * Three suites, so the fast one stays fast:
 * - unit: no model engine, embedded database only (seconds);
 * - model: anything that runs the real llama.cpp engine on a generated GGUF model;
 * - e2e: real Chromium against a real server (needs `npm run build` first).
 */
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
          exclude: ["**/*.model.test.ts", "**/node_modules/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "model",
          include: ["packages/*/src/**/*.model.test.ts", "apps/server/src/**/*.model.test.ts"],
          globalSetup: ["./test/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // llama.cpp's threads spin while they wait: two engines on the same cores slow each
          // other down a hundredfold, so model test files run one at a time.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["apps/web/e2e/**/*.test.ts"],
          globalSetup: ["./test/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
