import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderConfigDocs } from "./config-docs";

/** `npm run docs:config`: rewrites docs/configuration.md from the environment schema. */
const target = fileURLToPath(new URL("../../../../docs/configuration.md", import.meta.url));
writeFileSync(target, renderConfigDocs());
console.log(`wrote ${target}`);
