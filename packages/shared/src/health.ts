import { z } from "zod";

/** `GET /healthz`: the process is up. */
export const ZHealthResponse = z.object({ status: z.literal("ok") });
export type THealthResponse = z.infer<typeof ZHealthResponse>;

/**
 * `GET /readyz`: the process can serve requests: the database answers, at least one model is
 * reachable (an embedded model's weights are on disk, or a remote model's server answers), and
 * it is not shutting down.
 */
export const ZReadyResponse = z.object({
  status: z.enum(["ready", "not_ready"]),
  checks: z.object({
    database: z.boolean(),
    models: z.boolean(),
    acceptingRequests: z.boolean(),
  }),
});
export type TReadyResponse = z.infer<typeof ZReadyResponse>;
