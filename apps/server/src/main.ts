import type { FastifyInstance } from "fastify";
import { buildApp } from "./app";
import { ConfigError, loadConfig } from "./config/config";

/**
 * `npm start`: reads the configuration, builds the app and listens. On SIGTERM or SIGINT it stops
 * accepting requests, lets running ones finish for SHUTDOWN_TIMEOUT_MS, then aborts what is left
 * (partial answers are still recorded) and exits.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }

  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  app.log.info({ port }, `CodeGenie is running at http://${shownHost}:${port}`);

  let isStopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (isStopping) return;
    isStopping = true;
    void shutDown(app, signal, config.http.shutdownTimeoutMs);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function shutDown(app: FastifyInstance, signal: string, timeoutMs: number): Promise<void> {
  app.log.info({ signal, running: app.generations.runningCount }, "shutting down");
  app.lifecycle.isShuttingDown = true;
  const abortTimer = setTimeout(() => {
    app.log.warn({ running: app.generations.runningCount }, "aborting generations still running");
    app.generations.abortAll();
  }, timeoutMs);
  const killTimer = setTimeout(() => {
    app.log.error("shutdown took too long; exiting");
    process.exit(1);
  }, timeoutMs * 2);
  try {
    await app.close();
    clearTimeout(abortTimer);
    clearTimeout(killTimer);
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, "shutdown failed");
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error("CodeGenie failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
