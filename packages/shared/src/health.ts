import { z } from "zod";

/** `GET /healthz`: the process is up. */
export const ZHealthResponse = z.object({ status: z.literal("ok") });
export type THealthResponse = z.infer<typeof ZHealthResponse>;

/** `GET /readyz`: the process can serve requests (database reachable, not shutting down). */
export const ZReadyResponse = z.object({
  status: z.enum(["ready", "not_ready"]),
  checks: z.object({ database: z.boolean(), acceptingRequests: z.boolean() }),
});
export type TReadyResponse = z.infer<typeof ZReadyResponse>;
