import { ZErrorResponse, ZProjectContext } from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireAuth } from "../auth/auth-guard";

/**
 * `GET|PUT /api/me/project-context`: the signed-in user's custom instructions (conventions,
 * stack), which go into the system part of every generate and explain prompt; '' means none.
 */
export const projectContextRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/me/project-context",
    {
      schema: {
        tags: ["profile"],
        summary: "Your project context (custom instructions)",
        response: { 200: ZProjectContext, 401: ZErrorResponse },
      },
    },
    async (request) => ({ projectContext: requireAuth(request).user.projectContext }),
  );

  app.put(
    "/api/me/project-context",
    {
      schema: {
        tags: ["profile"],
        summary: "Set your project context (custom instructions); an empty text clears it",
        body: ZProjectContext,
        response: { 200: ZProjectContext, 400: ZErrorResponse, 401: ZErrorResponse },
      },
    },
    async (request) => {
      const { user } = requireAuth(request);
      const { projectContext } = request.body;
      await app.accounts.users.update(user.id, { projectContext });
      return { projectContext };
    },
  );
};
