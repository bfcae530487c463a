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

/** Every variable of the schema as its JSON Schema property, in declaration order. */
function envProperties(): [string, JsonSchemaProperty][] {
  const jsonSchema = z.toJSONSchema(ZEnv, { io: "output", unrepresentable: "any" }) as {
    properties: Record<string, JsonSchemaProperty>;
  };
  return Object.entries(jsonSchema.properties);
}

/** The configuration reference as Markdown, one table row per environment variable. */
export function renderConfigDocs(): string {
  const rows = envProperties().map(([name, property]) => {
    const fallback = property.default === undefined ? "—" : `\`${String(property.default)}\``;
    const choices = property.enum
      ? ` One of: ${property.enum.map((v) => `\`${v}\``).join(", ")}.`
      : "";
    return `| \`${name}\` | ${fallback} | ${property.description ?? ""}${choices} |`;
  });
  return `${HEADER}${rows.join("\n")}\n`;
}

const ENV_EXAMPLE_HEADER = `# CodeGenie's environment variables: copy this file to .env and uncomment what you change.
# Every variable is optional (the defaults run everything on one machine); empty values count as
# unset. compose.yaml reads .env too; its own variables are at the end.
# Generated from apps/server/src/config/env-schema.ts by \`npm run docs:config\` (a test compares);
# docs/configuration.md is the same list as a table.
`;

const ENV_EXAMPLE_FOOTER = `
# --- compose.yaml only (not read by CodeGenie itself) ---

# Password of the PostgreSQL service's codegenie role; compose builds DATABASE_URL from it.
# POSTGRES_PASSWORD=

# Port on the host for the web app (the container listens on 8501).
# CODEGENIE_PORT=8501
`;

/** `text` as comment lines of at most 100 characters. */
function commentLines(text: string): string[] {
  const lines: string[] = [];
  let line = "#";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.length + 1 + word.length > 100 && line !== "#") {
      lines.push(line);
      line = "#";
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/** `.env.example`: every environment variable, commented out, with its default and meaning. */
export function renderEnvExample(): string {
  const blocks = envProperties().map(([name, property]) => {
    const choices = property.enum ? ` One of: ${property.enum.join(", ")}.` : "";
    const fallback = property.default === undefined ? "" : String(property.default);
    const value = /^[\w.,:/@+-]*$/.test(fallback) ? fallback : `"${fallback}"`;
    return [...commentLines(`${property.description ?? ""}${choices}`), `# ${name}=${value}`].join(
      "\n",
    );
  });
  return `${ENV_EXAMPLE_HEADER}\n${blocks.join("\n\n")}\n${ENV_EXAMPLE_FOOTER}`;
}
