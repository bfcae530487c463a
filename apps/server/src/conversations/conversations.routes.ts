import {
  ZConversation,
  ZConversationDetail,
  ZConversationsPage,
  ZConversationsQuery,
  ZErrorResponse,
  ZRenameConversationRequest,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireAuth } from "../auth/auth-guard";
import { HistoryRepository } from "../history/history.repository";
import { ConversationsRepository } from "./conversations.repository";
import { ConversationsService } from "./conversations.service";

const ZConversationParams = z.object({ id: z.uuid() });

/**
 * `/api/conversations`: the signed-in user's own conversations. Another user's conversation
 * answers 404 `conversation.not_found`, exactly like one that does not exist.
 */
export const conversationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const conversations = new ConversationsService(
    new ConversationsRepository(app.database.db),
    new HistoryRepository(app.database.db),
  );

  app.get(
    "/api/conversations",
    {
      schema: {
        tags: ["conversations"],
        summary: "Your conversations, most recently active first, a page at a time",
        querystring: ZConversationsQuery,
        response: { 200: ZConversationsPage, 400: ZErrorResponse, 401: ZErrorResponse },
      },
    },
    async (request) => conversations.list(requireAuth(request).user.id, request.query),
  );

  app.get(
    "/api/conversations/:id",
    {
      schema: {
        tags: ["conversations"],
        summary: "One of your conversations with its turns, oldest first",
        params: ZConversationParams,
        response: {
          200: ZConversationDetail,
          400: ZErrorResponse,
          401: ZErrorResponse,
          404: ZErrorResponse,
        },
      },
    },
    async (request) => conversations.get(requireAuth(request).user.id, request.params.id),
  );

  app.patch(
    "/api/conversations/:id",
    {
      schema: {
        tags: ["conversations"],
        summary: "Rename one of your conversations",
        params: ZConversationParams,
        body: ZRenameConversationRequest,
        response: {
          200: ZConversation,
          400: ZErrorResponse,
          401: ZErrorResponse,
          404: ZErrorResponse,
        },
      },
    },
    async (request) =>
      conversations.rename(requireAuth(request).user.id, request.params.id, request.body.title),
  );

  app.delete(
    "/api/conversations/:id",
    {
      schema: {
        tags: ["conversations"],
        summary: "Delete one of your conversations with its turns and their feedback",
        params: ZConversationParams,
        response: { 204: z.null(), 400: ZErrorResponse, 401: ZErrorResponse, 404: ZErrorResponse },
      },
    },
    async (request, reply) => {
      await conversations.delete(requireAuth(request).user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
