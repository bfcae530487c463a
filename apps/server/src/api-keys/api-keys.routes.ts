import {
  ZApiKeysResponse,
  ZCreateApiKeyRequest,
  ZCreatedApiKey,
  ZErrorResponse,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditOrigin, requireAuth } from "../auth/auth-guard";
import { ApiKeysRepository } from "./api-keys.repository";
import { ApiKeysService } from "./api-keys.service";

/**
 * `/api/me/api-keys`: the signed-in user's personal keys for the OpenAI-compatible `/v1` routes.
 * Managing keys needs a signed-in session: the guard never accepts an API key on `/api` routes,
 * so a leaked key cannot mint more keys.
 */
export const apiKeysRoutes: FastifyPluginAsyncZod = async (app) => {
  const apiKeys = new ApiKeysService(new ApiKeysRepository(app.database.db), app.accounts.audit);

  app.get(
    "/api/me/api-keys",
    {
      schema: {
        tags: ["api-keys"],
        summary: "Your live API keys (never the keys themselves)",
        response: { 200: ZApiKeysResponse, 401: ZErrorResponse },
      },
    },
    async (request) => apiKeys.list(requireAuth(request).user),
  );

  app.post(
    "/api/me/api-keys",
    {
      schema: {
        tags: ["api-keys"],
        summary: "Create an API key (the answer shows it once)",
        description:
          "Use the key as `Authorization: Bearer cg_…` on `/v1/models` and `/v1/chat/completions`. The server keeps only its hash: copy it now.",
        body: ZCreateApiKeyRequest,
        response: {
          201: ZCreatedApiKey,
          400: ZErrorResponse,
          401: ZErrorResponse,
          409: ZErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const created = await apiKeys.create(user, request.body.name, auditOrigin(request));
      return reply.status(201).header("cache-control", "no-store").send(created);
    },
  );

  app.delete(
    "/api/me/api-keys/:id",
    {
      schema: {
        tags: ["api-keys"],
        summary: "Revoke one of your API keys (at once)",
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), 400: ZErrorResponse, 401: ZErrorResponse, 404: ZErrorResponse },
      },
    },
    async (request, reply) => {
      await apiKeys.revoke(requireAuth(request).user, request.params.id, auditOrigin(request));
      return reply.status(204).send(null);
    },
  );
};
