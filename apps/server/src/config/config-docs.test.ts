import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { renderEnvExample } from "./config-docs";
import { ZEnv } from "./env-schema";

const ENV_EXAMPLE = new URL("../../../../.env.example", import.meta.url);

describe(".env.example", () => {
  it("is up to date with the schema (npm run docs:config)", () => {
    expect(readFileSync(ENV_EXAMPLE, "utf8")).toBe(renderEnvExample());
  });

  it("lists every variable once, and its defaults, uncommented, are a valid configuration", () => {
    const assignments = renderEnvExample()
      .split("\n")
      .map((line) => /^# ([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
      .filter((match) => match !== null);
    const names = assignments.map((match) => match[1]);
    for (const name of Object.keys(ZEnv.shape)) expect(names).toContain(name);
    const schemaNames = names.filter((name) => name && name in ZEnv.shape);
    expect(new Set(schemaNames).size).toBe(schemaNames.length);

    const env = Object.fromEntries(
      assignments.map((match) => [match[1], match[2]?.replace(/^"(.*)"$/, "$1")]),
    );
    expect(env.SMTP_FROM).toBe("CodeGenie <no-reply@localhost>");
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });
});
