import {
  ZCodeBlocksResponse,
  ZErrorResponse,
  ZQualityQuery,
  ZQualityResponse,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireAuth } from "../auth/auth-guard";
import { QualityRepository } from "./quality.repository";
import { QualityService } from "./quality.service";

const ZHistoryParams = z.object({ id: z.uuid() });

/**
 * The code checks of answers: `GET /api/history/:id/code` (the caller's own rows; another
 * user's answers 404 like a missing one) and the aggregates for admins, `GET /api/admin/quality`.
 */
export const codeQualityRoutes: FastifyPluginAsyncZod = async (app) => {
  const quality = new QualityService(new QualityRepository(app.database.db));

  app.get(
    "/api/history/:id/code",
    {
      schema: {
        tags: ["history"],
        summary: "The code blocks of one of your answers, with their syntax check and run",
        description:
          "`pending` while the answer is being written or its blocks wait for their check (poll until `checked`). Blocks are numbered in the order the page shows them.",
        params: ZHistoryParams,
        response: {
          200: ZCodeBlocksResponse,
          400: ZErrorResponse,
          401: ZErrorResponse,
          404: ZErrorResponse,
        },
      },
    },
    async (request) => app.codeChecks.blocksFor(requireAuth(request).user.id, request.params.id),
  );

  app.get(
    "/api/admin/quality",
    {
      config: { access: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Syntax-valid and execution-success rates of generated code",
        description:
          "Overall, per model, per language and per UTC `bucket` (hour, day, week) for the answers created in [`from`, `to`); default: the last 30 days by day.",
        querystring: ZQualityQuery,
        response: {
          200: ZQualityResponse,
          400: ZErrorResponse,
          401: ZErrorResponse,
          403: ZErrorResponse,
        },
      },
    },
    async (request) => quality.report(request.query),
  );
};
