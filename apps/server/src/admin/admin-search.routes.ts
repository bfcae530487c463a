import { ZAdminSearchQuery, ZAdminSearchResponse, ZErrorResponse } from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AdminSearchService } from "./admin-search.service";

/** `GET /api/admin/search`: one box that finds users, history, feedback and audit entries. */
export const adminSearchRoutes: FastifyPluginAsyncZod = async (app) => {
  const search = new AdminSearchService(app.database.db);

  app.get(
    "/api/admin/search",
    {
      // The guard checks the caller's current role in the database on every request.
      config: { access: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Search users, history, feedback and the audit log (full text, ranked)",
        querystring: ZAdminSearchQuery,
        response: {
          200: ZAdminSearchResponse,
          400: ZErrorResponse,
          401: ZErrorResponse,
          403: ZErrorResponse,
        },
      },
    },
    async (request) => search.search(request.query),
  );
};
