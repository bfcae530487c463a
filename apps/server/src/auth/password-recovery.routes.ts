import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

/** Password recovery by emailed code or security questions: `/api/auth/password/*`. */
export const passwordRecoveryRoutes: FastifyPluginAsyncZod = async () => {};
