import {
  ZAuthOptionsResponse,
  ZErrorResponse,
  ZLoginRequest,
  ZLogoutRequest,
  ZRegisterRequest,
  ZSessionResponse,
  ZUser,
} from "@codegenie/shared";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { IssuedSession } from "./auth.service";
import { auditOrigin, requireAuth } from "./auth-guard";

/** Name of the HttpOnly cookie that holds the refresh token. */
export const REFRESH_COOKIE = "codegenie_refresh";
const REFRESH_COOKIE_PATH = "/api/auth";

const errors = {
  400: ZErrorResponse,
  401: ZErrorResponse,
  409: ZErrorResponse,
  422: ZErrorResponse,
  429: ZErrorResponse,
};

/** Sign-up, sign-in, renewal and sign-out: `/api/auth/*`. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const sendSession = (request: FastifyRequest, reply: FastifyReply, session: IssuedSession) => {
    reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
      httpOnly: true,
      sameSite: "strict",
      secure: request.protocol === "https",
      path: REFRESH_COOKIE_PATH,
      maxAge: app.config.auth.sessionTtlDays * 24 * 60 * 60,
    });
    return {
      accessToken: session.accessToken,
      tokenType: "Bearer" as const,
      expiresIn: session.expiresIn,
      user: session.user,
    };
  };

  app.get(
    "/api/auth/options",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "What sign-up and recovery offer",
        response: { 200: ZAuthOptionsResponse },
      },
    },
    async () => ({
      isEmailRecoveryAvailable: app.config.smtp.host !== undefined,
      isFirstAccount: !(await app.accounts.users.hasAnyUser()),
    }),
  );

  app.post(
    "/api/auth/register",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Create an account (the first one is admin)",
        body: ZRegisterRequest,
        response: { 201: ZUser, ...errors },
      },
    },
    async (request, reply) => {
      await app.auth.limitByIp("register", request.ip);
      const user = await app.auth.register(request.body, auditOrigin(request));
      return reply.status(201).send(user);
    },
  );

  app.post(
    "/api/auth/login",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Sign in with user id or email",
        body: ZLoginRequest,
        response: { 200: ZSessionResponse, ...errors },
      },
    },
    async (request, reply) => {
      await app.auth.limitByIp("login", request.ip);
      const session = await app.auth.login(request.body, auditOrigin(request));
      return sendSession(request, reply, session);
    },
  );

  app.post(
    "/api/auth/refresh",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Renew the access token with the refresh cookie",
        response: { 200: ZSessionResponse, ...errors },
      },
    },
    async (request, reply) => {
      try {
        const session = await app.auth.refresh(
          request.cookies[REFRESH_COOKIE],
          auditOrigin(request),
        );
        return sendSession(request, reply, session);
      } catch (error) {
        reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
        throw error;
      }
    },
  );

  app.post(
    "/api/auth/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "End this session (or all of them) at once",
        body: ZLogoutRequest,
        response: { 204: z.null(), 401: ZErrorResponse },
      },
    },
    async (request, reply) => {
      const { user, sessionId } = requireAuth(request);
      await app.auth.logout(
        user,
        sessionId,
        request.body?.everywhere ?? false,
        auditOrigin(request),
      );
      reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
      return reply.status(204).send(null);
    },
  );
};
