import { ZHealthResponse, ZReadyResponse } from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { isAnyModelReachable } from "./model-readiness";

/**
 * `/healthz` (the process answers) and `/readyz` (it can serve: database up, a model reachable,
 * not shutting down; see `isAnyModelReachable`).
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/healthz",
    { schema: { tags: ["operations"], response: { 200: ZHealthResponse } } },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    { schema: { tags: ["operations"], response: { 200: ZReadyResponse, 503: ZReadyResponse } } },
    async (_request, reply) => {
      const [database, models] = await Promise.all([
        app.database.ping(),
        isAnyModelReachable(app.models),
      ]);
      const checks = { database, models, acceptingRequests: !app.lifecycle.isShuttingDown };
      const isReady = checks.database && checks.models && checks.acceptingRequests;
      return reply
        .status(isReady ? 200 : 503)
        .send({ status: isReady ? "ready" : "not_ready", checks });
    },
  );
};
