import {
  ZAdminUser,
  ZAdminUsersQuery,
  ZAdminUsersResponse,
  ZAuditQuery,
  ZAuditResponse,
  ZErrorResponse,
} from "@codegenie/shared";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditOrigin, requireAuth } from "../auth/auth-guard";
import { type AdminCaller, AdminService } from "./admin.service";
import { adminSearchRoutes } from "./admin-search.routes";
import { adminUsersRoutes } from "./admin-users.routes";

/** `:id` of the user routes: a malformed id is 400 `request.invalid`, an unknown one 404. */
const ZUserIdParams = z.object({ id: z.uuid() });

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse };
const userErrors = { ...errors, 404: ZErrorResponse, 409: ZErrorResponse };

/** The signed-in admin making a request, and from where, for the audit log. */
function callerOf(request: FastifyRequest): AdminCaller {
  const { user } = requireAuth(request);
  return { actor: { id: user.id, username: user.username }, ...auditOrigin(request) };
}

/** User lifecycle and audit log for administrators: `/api/admin/*`. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const admin = new AdminService({
    db: app.database.db,
    users: app.accounts.users,
    audit: app.accounts.audit,
  });
  // The guard checks the caller's current role in the database on every request.
  const config = { access: "admin" } as const;
  await app.register(adminUsersRoutes);
  await app.register(adminSearchRoutes);

  app.get(
    "/api/admin/users",
    {
      config,
      schema: {
        tags: ["admin"],
        summary: "Find users by part of their user id, email or display name, and by role",
        querystring: ZAdminUsersQuery,
        response: { 200: ZAdminUsersResponse, ...errors },
      },
    },
    async (request) => admin.listUsers(request.query),
  );

  app.post(
    "/api/admin/users/:id/promote",
    {
      config,
      schema: {
        tags: ["admin"],
        summary: "Make a user an administrator (at most two)",
        params: ZUserIdParams,
        response: { 200: ZAdminUser, ...userErrors },
      },
    },
    async (request) => admin.promote(request.params.id, callerOf(request)),
  );

  app.post(
    "/api/admin/users/:id/demote",
    {
      config,
      schema: {
        tags: ["admin"],
        summary: "Make an administrator a plain user (not the last one)",
        params: ZUserIdParams,
        response: { 200: ZAdminUser, ...userErrors },
      },
    },
    async (request) => admin.demote(request.params.id, callerOf(request)),
  );

  app.delete(
    "/api/admin/users/:id",
    {
      config,
      schema: {
        tags: ["admin"],
        summary: "Delete a user with their sessions and history (not the last administrator)",
        params: ZUserIdParams,
        response: { 204: z.null(), ...userErrors },
      },
    },
    async (request, reply) => {
      await admin.delete(request.params.id, callerOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/admin/audit",
    {
      config,
      schema: {
        tags: ["admin"],
        summary: "The audit log, newest first",
        querystring: ZAuditQuery,
        response: { 200: ZAuditResponse, ...errors },
      },
    },
    async (request) => admin.listAudit(request.query),
  );
};
