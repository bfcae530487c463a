import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";
import { renderConfigDocs } from "./config-docs";

describe("loadConfig", () => {
  it("runs on the embedded defaults with no environment at all", () => {
    const config = loadConfig({});
    expect(config.port).toBe(8501);
    expect(config.host).toBe("127.0.0.1");
    expect(config.dataDir).toBe(path.resolve("data"));
    expect(config.database).toEqual({ kind: "pglite", dataDir: path.resolve("data", "db") });
    expect(config.models.modelsFile).toBe(path.resolve("data", "models.json"));
    expect(config.models.threads).toBeGreaterThan(0);
    expect(config.generation.defaultMaxTokens).toBeLessThanOrEqual(config.generation.maxTokens);
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://codegenie@db:5432/codegenie" });
    expect(config.database).toEqual({
      kind: "postgres",
      url: "postgres://codegenie@db:5432/codegenie",
    });
  });

  it("treats empty values as unset and parses numbers and booleans", () => {
    const config = loadConfig({ PORT: "", SMTP_SECURE: "true", MODEL_GPU: "false", PORT_X: "1" });
    expect(config.port).toBe(8501);
    expect(config.smtp.secure).toBe(true);
    expect(config.models.gpu).toBe(false);
  });

  it("names every bad variable and never echoes a secret", () => {
    const secret = "too-short-secret";
    const attempt = () =>
      loadConfig({ PORT: "eighty", JWT_SECRET_KEY: secret, DATABASE_URL: "mysql://x" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("PORT");
      expect(message).toContain("JWT_SECRET_KEY");
      expect(message).toContain("DATABASE_URL");
      expect(message).not.toContain(secret);
    }
  });

  it("reads the languages run automatically, none, or names a bad one", () => {
    expect(loadConfig({}).codeChecks.autoRunLanguages).toEqual(["python", "javascript"]);
    expect(loadConfig({ CODE_AUTO_RUN_LANGUAGES: " javascript " }).codeChecks).toEqual({
      autoRunLanguages: ["javascript"],
    });
    expect(loadConfig({ CODE_AUTO_RUN_LANGUAGES: "none" }).codeChecks.autoRunLanguages).toEqual([]);
    expect(() => loadConfig({ CODE_AUTO_RUN_LANGUAGES: "python,ruby" })).toThrow(
      /CODE_AUTO_RUN_LANGUAGES/,
    );
  });

  it("caps the default answer length at the maximum", () => {
    const config = loadConfig({
      GENERATION_MAX_TOKENS: "100",
      GENERATION_DEFAULT_MAX_TOKENS: "500",
    });
    expect(config.generation.defaultMaxTokens).toBe(100);
  });
});

describe("configuration reference", () => {
  it("docs/configuration.md is up to date with the schema (npm run docs:config)", () => {
    const docsPath = new URL("../../../../docs/configuration.md", import.meta.url);
    expect(readFileSync(docsPath, "utf8")).toBe(renderConfigDocs());
  });
});
