import type { FastifyInstance } from "fastify";
import fastifyPlugin from "fastify-plugin";
import type { AppMetrics } from "./app-metrics";
import { metricsRoutes } from "./metrics.routes";
import { REQUEST_ID_HEADER } from "./request-id";

declare module "fastify" {
  interface FastifyInstance {
    /** This app's Prometheus metrics (`GET /metrics`). */
    metrics: AppMetrics;
  }
}

/**
 * Operations' view of the server: every response carries `x-request-id` (the `reqId` of its log
 * lines), every answered request is counted and timed by its route pattern, and `GET /metrics`
 * serves the figures. Register it after `engine` and `generations` are decorated.
 */
async function observability(app: FastifyInstance, options: { metrics: AppMetrics }) {
  const { metrics } = options;
  app.decorate("metrics", metrics);
  metrics.watch({
    generationsInFlight: () => app.generations.runningCount,
    queueLengths: () => app.engine.queueLengths(),
  });

  // onSend covers errors and 404s too; event streams write their own headers (event-stream.ts).
  app.addHook("onSend", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    metrics.observeHttpRequest({
      method: request.method,
      // The pattern, never the URL: ids in paths would make a new series per request.
      route: request.routeOptions.url ?? "unmatched",
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
  });

  await app.register(metricsRoutes);
}

/** See {@link observability}; its hooks apply to every route of the app. */
export const observabilityPlugin = fastifyPlugin(observability, { name: "observability" });
