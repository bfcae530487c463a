import type { FastifyInstance } from "fastify";
import type { AppConfig } from "../config/config";
import type { Database } from "../db/database";
import { CodeBlocksRepository } from "./code-blocks.repository";
import { CodeCheckService } from "./code-check.service";
import { SyntaxChecker } from "./syntax-checker";

/**
 * The app's background code checks: runs blocks through `app.codeRunner` (the sandbox, when the
 * app has one), catches up on answers left unchecked once the app is ready, and stops before
 * the app closes (before the sandbox and the database go).
 */
export function createCodeChecks(
  app: FastifyInstance,
  db: Database,
  config: AppConfig["codeChecks"],
): CodeCheckService {
  const codeChecks = new CodeCheckService({
    repository: new CodeBlocksRepository(db),
    syntax: new SyntaxChecker(),
    runner: () => app.codeRunner,
    autoRunLanguages: config.autoRunLanguages,
    logger: app.log,
  });
  app.addHook("onReady", async () => codeChecks.resumeUnchecked());
  app.addHook("preClose", () => codeChecks.stop());
  return codeChecks;
}
