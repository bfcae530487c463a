import { z } from "zod";
import { ZEnv } from "./env-schema";

const HEADER = `# Configuration reference

CodeGenie reads its configuration from environment variables, once, at start-up; a bad value stops
the process with a message naming the variable. Every variable is optional: the defaults run
everything on one machine (\`npm start\`). Empty values count as unset.

This page is generated from \`apps/server/src/config/env-schema.ts\` by \`npm run docs:config\`;
a test fails when the two disagree.

| Variable | Default | Meaning |
|---|---|---|
`;

interface JsonSchemaProperty {
  description?: string;
  default?: unknown;
  enum?: unknown[];
}

/** The configuration reference as Markdown, one table row per environment variable. */
export function renderConfigDocs(): string {
  const jsonSchema = z.toJSONSchema(ZEnv, { io: "output", unrepresentable: "any" }) as {
    properties: Record<string, JsonSchemaProperty>;
  };
  const rows = Object.entries(jsonSchema.properties).map(([name, property]) => {
    const fallback = property.default === undefined ? "—" : `\`${String(property.default)}\``;
    const choices = property.enum
      ? ` One of: ${property.enum.map((v) => `\`${v}\``).join(", ")}.`
      : "";
    return `| \`${name}\` | ${fallback} | ${property.description ?? ""}${choices} |`;
  });
  return `${HEADER}${rows.join("\n")}\n`;
}
