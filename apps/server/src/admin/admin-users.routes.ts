import {
  ZAdminSessionsRevokedResponse,
  ZAdminUserDetail,
  ZAdminUserFeedbackResponse,
  ZAdminUserHistoryResponse,
  ZErrorResponse,
  ZPageQuery,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditOrigin, requireAuth } from "../auth/auth-guard";
import type { AdminCaller } from "./admin.service";
import { AdminUsersService } from "./admin-users.service";

/** `:id` of the user routes: a malformed id is 400 `request.invalid`, an unknown one 404. */
const ZUserIdParams = z.object({ id: z.uuid() });

const errors = {
  400: ZErrorResponse,
  401: ZErrorResponse,
  403: ZErrorResponse,
  404: ZErrorResponse,
};

/** One user's page and account actions for administrators: `/api/admin/users/:id/*`. */
export const adminUsersRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = new AdminUsersService({
    db: app.database.db,
    users: app.accounts.users,
    audit: app.accounts.audit,
  });
  // The guard checks the caller's current role in the database on every request.
  const config = { access: "admin" } as const;
  const callerOf = (request: Parameters<typeof requireAuth>[0]): AdminCaller => {
    const { user } = requireAuth(request);
    return { actor: { id: user.id, username: user.username }, ...auditOrigin(request) };
  };

  app.get(
    "/api/admin/users/:id",
    {
      config,
      schema: {
        tags: ["admin"],
        summary: "One user with last activity, queries, ratings and live sessions",
        params: ZUserIdParams,
        response: { 200: ZAdminUserDetail, ...errors },
      },
    },
    async (request) => service.detail(request.params.id),
  );

  app.get(
    "/api/admin/users/:id/history",
    {
      config,
      schema: {
        tags: ["admin"],
        summary: "A user's history (generate and explain requests), newest first",
        params: ZUserIdParams,
        querystring: ZPageQuery,
        response: { 200: ZAdminUserHistoryResponse, ...errors },
      },
    },
    async (request) => service.history(request.params.id, request.query),
  );

  app.get(
    "/api/admin/users/:id/feedback",
    {
      config,
      schema: {
        tags: ["admin"],
        summary: "A user's feedback with what it rates, newest first",
        params: ZUserIdParams,
        querystring: ZPageQuery,
        response: { 200: ZAdminUserFeedbackResponse, ...errors },
      },
    },
    async (request) => service.feedback(request.params.id, request.query),
  );

  app.post(
    "/api/admin/users/:id/revoke-sessions",
    {
      config,
      schema: {
        tags: ["admin"],
        summary: "Sign a user out everywhere (takes effect on their next request)",
        params: ZUserIdParams,
        response: { 200: ZAdminSessionsRevokedResponse, ...errors },
      },
    },
    async (request) => service.revokeSessions(request.params.id, callerOf(request)),
  );

  app.post(
    "/api/admin/users/:id/force-password-reset",
    {
      config,
      schema: {
        tags: ["admin"],
        summary: "Sign a user out and refuse their sign-in until they reset their password",
        params: ZUserIdParams,
        response: { 200: ZAdminSessionsRevokedResponse, ...errors },
      },
    },
    async (request) => service.forcePasswordReset(request.params.id, callerOf(request)),
  );
};
