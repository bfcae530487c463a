import {
  ZErrorResponse,
  ZHistoryExportQuery,
  ZHistoryItem,
  ZHistoryPage,
  ZHistoryQuery,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireAuth } from "../auth/auth-guard";
import { HistoryRepository } from "./history.repository";
import { HistoryService } from "./history.service";

const ZHistoryParams = z.object({ id: z.uuid() });

/**
 * `/api/history`: the signed-in user's own generate and explain requests. Another user's row
 * answers 404 `history.not_found`, exactly like a row that does not exist.
 */
export const historyRoutes: FastifyPluginAsyncZod = async (app) => {
  const history = new HistoryService(new HistoryRepository(app.database.db));

  app.get(
    "/api/history",
    {
      schema: {
        tags: ["history"],
        summary: "Your history, newest first, a page at a time",
        description:
          "Filter by `kind`, `model` and `q` (plain text, case-insensitive, in the prompt, code or answer). Pass `nextCursor` as `cursor` for the next page.",
        querystring: ZHistoryQuery,
        response: { 200: ZHistoryPage, 400: ZErrorResponse, 401: ZErrorResponse },
      },
    },
    async (request) => history.list(requireAuth(request).user.id, request.query),
  );

  app.get(
    "/api/history/export",
    {
      schema: {
        tags: ["history"],
        summary: "Download your whole history (JSON or Markdown)",
        description:
          "Every row with its feedback, oldest first, as an attachment: `format=json` (default) or `format=markdown`.",
        querystring: ZHistoryExportQuery,
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const file = await history.export(user, request.query.format);
      return reply
        .header("content-disposition", `attachment; filename="${file.filename}"`)
        .header("cache-control", "no-store")
        .type(file.contentType)
        .send(file.body);
    },
  );

  app.get(
    "/api/history/:id",
    {
      schema: {
        tags: ["history"],
        summary: "One of your history rows, with its feedback",
        params: ZHistoryParams,
        response: {
          200: ZHistoryItem,
          400: ZErrorResponse,
          401: ZErrorResponse,
          404: ZErrorResponse,
        },
      },
    },
    async (request) => history.get(requireAuth(request).user.id, request.params.id),
  );

  app.delete(
    "/api/history/:id",
    {
      schema: {
        tags: ["history"],
        summary: "Delete one of your history rows and its feedback",
        params: ZHistoryParams,
        response: { 204: z.null(), 400: ZErrorResponse, 401: ZErrorResponse, 404: ZErrorResponse },
      },
    },
    async (request, reply) => {
      await history.delete(requireAuth(request).user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
