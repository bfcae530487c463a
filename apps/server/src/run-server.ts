import type { FastifyInstance } from "fastify";
import { buildApp } from "./app";
import type { AppConfig } from "./config/config";
import { type PublicTunnelOptions, preparePublicTunnel } from "./tunnel/public-tunnel";

/**
 * Extra time after SHUTDOWN_TIMEOUT_MS for cancelled generations to save their partial answers
 * and for the database to close, in milliseconds; past it the process exits with 1.
 */
const CLOSE_GRACE_MS = 5000;
/** How often a shutdown looks at the running generations, in milliseconds. */
const POLL_MS = 50;

/**
 * Builds the app and listens (used by `npm start` and `codegenie serve`). On SIGTERM or SIGINT it
 * drains (see `shutDown`) and exits 0; a second signal cancels the running generations at once.
 */
export async function runServer(
  config: AppConfig,
  options: PublicTunnelOptions = {},
): Promise<FastifyInstance> {
  const app = await buildApp(config);
  // The public URL (NGROK_AUTHTOKEN or --tunnel): opens once listening, closes first on shutdown.
  const tunnel = preparePublicTunnel(app, config, options);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  app.log.info({ port }, `CodeGenie is running at http://${shownHost}:${port}`);
  await tunnel.open(port);

  let isStopping = false;
  const hurry = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (isStopping) {
      app.log.warn({ signal }, "second signal: cancelling running generations now");
      hurry.abort();
      return;
    }
    isStopping = true;
    void shutDown(app, signal, config.http.shutdownTimeoutMs, hurry.signal);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return app;
}

/**
 * The graceful shutdown. At once: generate, explain and chat completions answer 503
 * `server.shutting_down` and /readyz reports not ready, while the listener stays open (a load
 * balancer sees the 503s and moves on; short requests such as a rating are still served). Running
 * generations get up to `timeoutMs` to finish; those still running then are cancelled and save
 * their partial answers as `cancelled`, and their streams end with `generation-end`
 * (finishReason `aborted`). Then the app closes (listener, tunnel, engine, database) and the
 * process exits 0 — or 1 when closing fails or takes past `timeoutMs` + CLOSE_GRACE_MS.
 */
async function shutDown(
  app: FastifyInstance,
  signal: NodeJS.Signals,
  timeoutMs: number,
  hurry: AbortSignal,
): Promise<void> {
  const { generations } = app;
  app.log.info({ signal, running: generations.runningCount, timeoutMs }, "shutting down");
  app.lifecycle.isShuttingDown = true;
  setTimeout(() => {
    app.log.error("shutdown took too long; exiting");
    process.exit(1);
  }, timeoutMs + CLOSE_GRACE_MS);

  const deadline = Date.now() + timeoutMs;
  while (generations.runningCount > 0 && Date.now() < deadline && !hurry.aborted) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (generations.runningCount > 0) {
    app.log.warn({ running: generations.runningCount }, "cancelling generations still running");
  }
  // Cancelling again until the app has closed also stops a request that was still being planned
  // (waiting for its model to load) when the drain ended, and started afterwards:
  // `runningCount` counts a generation only once its history row exists.
  generations.abortAll();
  const canceller = setInterval(() => generations.abortAll(), POLL_MS);
  try {
    await app.close();
    app.log.info("shut down");
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, "shutdown failed");
    process.exit(1);
  } finally {
    clearInterval(canceller);
  }
}
