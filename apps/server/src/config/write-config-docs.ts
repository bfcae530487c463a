import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderConfigDocs, renderEnvExample } from "./config-docs";

/** `npm run docs:config`: rewrites docs/configuration.md and .env.example from the environment schema. */
const outputs: [URL, string][] = [
  [new URL("../../../../docs/configuration.md", import.meta.url), renderConfigDocs()],
  [new URL("../../../../.env.example", import.meta.url), renderEnvExample()],
];
for (const [url, text] of outputs) {
  const target = fileURLToPath(url);
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
