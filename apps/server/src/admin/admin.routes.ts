import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

/** User lifecycle and audit log for administrators: `/api/admin/*`. */
export const adminRoutes: FastifyPluginAsyncZod = async () => {};
