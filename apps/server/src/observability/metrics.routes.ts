import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AppError } from "../errors";

/**
 * `GET /metrics` in Prometheus' text format. With METRICS_TOKEN set it wants
 * `Authorization: Bearer <token>`; without, it is open (protect it at the proxy or firewall).
 */
export const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  const token = app.config.metricsToken;
  app.get(
    "/metrics",
    {
      schema: {
        tags: ["operations"],
        summary: "Prometheus metrics (Bearer METRICS_TOKEN when it is set)",
      },
    },
    async (request, reply) => {
      if (token !== undefined && !isBearer(request.headers.authorization, token)) {
        reply.header("www-authenticate", 'Bearer realm="metrics"');
        throw new AppError(
          "auth.unauthenticated",
          "The metrics need `Authorization: Bearer <METRICS_TOKEN>`.",
        );
      }
      const body = await app.metrics.text();
      return reply.type(app.metrics.contentType).send(body);
    },
  );
};

/** Whether the header is `Bearer <token>`, compared in constant time. */
function isBearer(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? "")?.[1] ?? "";
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  return timingSafeEqual(sha256(presented), sha256(token));
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
