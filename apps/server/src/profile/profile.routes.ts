import {
  ZChangePasswordRequest,
  ZDeleteMeRequest,
  ZErrorResponse,
  ZMeResponse,
  ZSessionsResponse,
  ZUpdateMeRequest,
  ZUpdateSecurityQuestionsRequest,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditOrigin, requireAuth } from "../auth/auth-guard";
import { exportAccount } from "./account-export";
import { avatarRoutes } from "./avatar.routes";
import { ProfileRepository } from "./profile.repository";
import { ProfileService, presentMe } from "./profile.service";

const errors = {
  400: ZErrorResponse,
  401: ZErrorResponse,
  403: ZErrorResponse,
  409: ZErrorResponse,
  422: ZErrorResponse,
  429: ZErrorResponse,
};

/** The signed-in user's own account: `/api/me/*` and avatars. */
export const profileRoutes: FastifyPluginAsyncZod = async (app) => {
  const repository = new ProfileRepository(app.database.db);
  const profile = new ProfileService(app.accounts, app.database.db, repository);
  await app.register(avatarRoutes, { profile });

  app.get(
    "/api/me",
    {
      schema: {
        tags: ["profile"],
        summary: "The signed-in user",
        response: { 200: ZMeResponse, 401: ZErrorResponse },
      },
    },
    async (request) => presentMe(requireAuth(request).user),
  );

  app.patch(
    "/api/me",
    {
      schema: {
        tags: ["profile"],
        summary: "Change display name, email or avatar source",
        body: ZUpdateMeRequest,
        response: { 200: ZMeResponse, ...errors },
      },
    },
    async (request) =>
      profile.update(requireAuth(request).user, request.body, auditOrigin(request)),
  );

  app.delete(
    "/api/me",
    {
      schema: {
        tags: ["profile"],
        summary: "Delete the account and its data (needs the password)",
        body: ZDeleteMeRequest,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      await profile.deleteAccount(user, request.body.password, auditOrigin(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/me/password",
    {
      schema: {
        tags: ["profile"],
        summary: "Change the password (signs out every other session)",
        body: ZChangePasswordRequest,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await profile.changePassword(requireAuth(request), request.body, auditOrigin(request));
      return reply.status(204).send(null);
    },
  );

  app.put(
    "/api/me/security-questions",
    {
      schema: {
        tags: ["profile"],
        summary: "Replace the security questions (needs the password)",
        body: ZUpdateSecurityQuestionsRequest,
        response: { 200: ZMeResponse, ...errors },
      },
    },
    async (request) =>
      profile.updateSecurityQuestions(
        requireAuth(request).user,
        request.body,
        auditOrigin(request),
      ),
  );

  app.get(
    "/api/me/sessions",
    {
      schema: {
        tags: ["profile"],
        summary: "Signed-in sessions (devices)",
        response: { 200: ZSessionsResponse, 401: ZErrorResponse },
      },
    },
    async (request) => profile.listSessions(requireAuth(request)),
  );

  app.delete(
    "/api/me/sessions/:id",
    {
      schema: {
        tags: ["profile"],
        summary: "Sign one of your sessions out",
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), 400: ZErrorResponse, 401: ZErrorResponse, 404: ZErrorResponse },
      },
    },
    async (request, reply) => {
      await profile.revokeSession(requireAuth(request), request.params.id, auditOrigin(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/me/export",
    {
      schema: {
        tags: ["profile"],
        summary: "Download all of your data (JSON)",
        description:
          "Profile (without password or answer hashes), uploaded picture, sessions, conversations, generation history, feedback and audit entries about you, as a JSON attachment.",
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const data = await exportAccount(user, repository, app.accounts.securityQuestions);
      const day = data.exportedAt.slice(0, 10);
      // User ids are letters, digits, `_`, `.` and `-` only: safe inside the quoted file name.
      return reply
        .header(
          "content-disposition",
          `attachment; filename="codegenie-${user.username}-${day}.json"`,
        )
        .header("cache-control", "no-store")
        .type("application/json; charset=utf-8")
        .send(JSON.stringify(data, null, 2));
    },
  );
};
