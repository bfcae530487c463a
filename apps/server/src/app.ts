import { loadModelRegistry, ModelManager } from "@codegenie/llm";
import fastifyCookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import Fastify, { type FastifyInstance } from "fastify";
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { adminRoutes } from "./admin/admin.routes";
import { apiKeysRoutes } from "./api-keys/api-keys.routes";
import { type Accounts, createAccounts } from "./auth/accounts";
import { authRoutes } from "./auth/auth.routes";
import { AuthService } from "./auth/auth.service";
import { registerAuthGuard } from "./auth/auth-guard";
import { passwordRecoveryRoutes } from "./auth/password-recovery.routes";
import type { CodeCheckService } from "./code-quality/code-check.service";
import { createCodeChecks } from "./code-quality/code-checks";
import { codeQualityRoutes } from "./code-quality/code-quality.routes";
import type { AppConfig } from "./config/config";
import { conversationsRoutes } from "./conversations/conversations.routes";
import { dashboardRoutes } from "./dashboard/dashboard.routes";
import { type DatabaseHandle, openDatabase } from "./db/database";
import { explainRoutes } from "./explain/explain.routes";
import { feedbackRoutes } from "./feedback/feedback.routes";
import { GenerationRepository } from "./generation/generation.repository";
import { generationRoutes } from "./generation/generation.routes";
import { GenerationService } from "./generation/generation.service";
import { healthRoutes } from "./health/health.routes";
import { historyRoutes } from "./history/history.routes";
import { registerErrorHandler } from "./http/error-handler";
import { registerOpenApi } from "./http/openapi";
import { loggerOptions } from "./logger";
import { createMailer, type Mailer } from "./mail/mailer";
import { modelsRoutes } from "./models/models.routes";
import { ModelsService } from "./models/models.service";
import { AppMetrics } from "./observability/app-metrics";
import { observabilityPlugin } from "./observability/observability.plugin";
import { requestIdOf } from "./observability/request-id";
import { openAiRoutes } from "./openai-api/openai.routes";
import { profileRoutes } from "./profile/profile.routes";
import { projectContextRoutes } from "./profile/project-context.routes";
import { codeRunRoutes } from "./sandbox/code-run.routes";
import type { CodeRunner } from "./sandbox/code-runner";
import { SandboxCodeRunner } from "./sandbox/sandbox-code-runner";
import { registerWebApp } from "./web/web-app";

declare module "fastify" {
  interface FastifyInstance {
    config: AppConfig;
    database: DatabaseHandle;
    models: ModelsService;
    engine: ModelManager;
    generations: GenerationService;
    /** Checks the code blocks of finished answers in the background. */
    codeChecks: CodeCheckService;
    accounts: Accounts;
    auth: AuthService;
    /** Null when SMTP_HOST is unset: email recovery is off. */
    mailer: Mailer | null;
    lifecycle: { isShuttingDown: boolean };
    /** Runs Python and JavaScript in the sandbox (POST /api/code/run, automatic checks). */
    codeRunner: CodeRunner;
  }
}

/** Options for tests. */
export interface BuildAppOptions {
  /** An already open database (e.g. a fresh in-memory one per test file); its owner closes it. */
  database?: DatabaseHandle;
  /** Where log lines go instead of standard output (tests read them). */
  logStream?: NodeJS.WritableStream;
}

/**
 * Builds the whole server — configuration, database (migrated), models, routes, docs and the
 * web app — without listening, so tests can use `app.inject()`. Closing the app disposes the
 * models and closes the database.
 */
export async function buildApp(
  config: AppConfig,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const registry = await loadModelRegistry({
    modelsFile: config.models.modelsFile,
    modelsDir: config.models.modelsDir,
  });
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: requestIdOf,
    trustProxy: config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  const ownsDatabase = options.database === undefined;
  const database =
    options.database ??
    (await openDatabase(config.database, {
      onIdleConnectionError: (error) =>
        app.log.warn(
          { err: error },
          "PostgreSQL closed an idle connection; reconnecting on next use",
        ),
    }));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  const metrics = new AppMetrics();
  const engine = new ModelManager({
    threads: config.models.threads,
    gpu: config.models.gpu,
    contextSize: config.models.contextSize,
    parallelSequences: config.models.parallelSequences,
    batchSize: config.models.batchSize,
    queueDepth: config.models.queueDepth,
    idleUnloadSeconds: config.models.idleUnloadSeconds,
    memoryBudgetBytes:
      config.models.memoryBudgetMb === undefined
        ? undefined
        : config.models.memoryBudgetMb * 1024 * 1024,
    flashAttention: config.models.flashAttention,
    generationTimeoutMs: config.generation.timeoutMs,
    logger: app.log,
    onModelLoaded: metrics.observeModelLoad,
  });
  app.log.info(
    { threads: config.models.threads, gpu: config.models.gpu },
    "embedded engine configured",
  );
  // A listening server starts llama.cpp at once, so the log says which GPU backend it found
  // (tests that only inject requests never start it).
  app.addHook("onListen", async () => {
    engine
      .start()
      .catch((error: unknown) => app.log.warn({ err: error }, "llama.cpp did not start"));
  });
  const models = new ModelsService(registry);
  const accounts = await createAccounts(config, database.db, app.log);
  app.decorate("accounts", accounts);
  app.decorate("auth", new AuthService(accounts));
  const mailer = createMailer(config.smtp, app.log);
  app.decorate("mailer", mailer);
  app.decorate("config", config);
  app.decorate("database", database);
  app.decorate("models", models);
  app.decorate("engine", engine);
  app.decorate("lifecycle", { isShuttingDown: false });
  const codeRunner = new SandboxCodeRunner(config.codeRun, app.log);
  app.decorate("codeRunner", codeRunner);
  // Warm Python interpreters load when the server listens (tests that never run code pay nothing).
  app.addHook("onListen", async () => codeRunner.warmUp());
  const codeChecks = createCodeChecks(app, database.db, config.codeChecks);
  app.decorate("codeChecks", codeChecks);
  const generationRepository = new GenerationRepository(database.db);
  // An embedded database belongs to this one process: answers it left `running` were cut off by
  // a crash and will never finish. (With PostgreSQL another replica may be writing them.)
  if (ownsDatabase && config.database.kind === "pglite") {
    const interrupted = await generationRepository.failInterrupted();
    if (interrupted > 0) {
      app.log.warn({ interrupted }, "marked answers cut off by the last stop as failed");
    }
  }
  app.decorate(
    "generations",
    new GenerationService({
      models,
      engine,
      repository: generationRepository,
      limits: config.generation,
      logger: app.log,
      onAnswerSaved: (generationId) => codeChecks.enqueue(generationId),
      onGenerated: metrics.observeGeneration,
    }),
  );
  app.addHook("preClose", async () => {
    app.lifecycle.isShuttingDown = true;
  });
  app.addHook("onClose", async () => {
    await mailer?.close();
    await codeRunner.close();
    await engine.dispose();
    if (ownsDatabase) await database.close();
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", "https://www.gravatar.com"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        // Self-hosted installs are often served over plain HTTP on a LAN address, where
        // upgrading asset requests to HTTPS would break the page.
        "upgrade-insecure-requests": null,
      },
    },
  });
  await app.register(fastifyCookie);
  await registerOpenApi(app);
  registerAuthGuard(app, accounts);
  await app.register(observabilityPlugin, { metrics });
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(passwordRecoveryRoutes);
  await app.register(profileRoutes);
  await app.register(adminRoutes);
  await app.register(modelsRoutes);
  await app.register(generationRoutes);
  await app.register(explainRoutes);
  await app.register(projectContextRoutes);
  await app.register(historyRoutes);
  await app.register(conversationsRoutes);
  await app.register(feedbackRoutes);
  await app.register(codeQualityRoutes);
  await app.register(dashboardRoutes);
  await app.register(apiKeysRoutes);
  await app.register(openAiRoutes);
  await app.register(codeRunRoutes);
  await registerWebApp(app, config.http.webDistDir);
  return app;
}
