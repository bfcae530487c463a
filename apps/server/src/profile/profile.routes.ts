import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

/** The signed-in user's own account: `/api/me/*` and avatars. */
export const profileRoutes: FastifyPluginAsyncZod = async () => {};
