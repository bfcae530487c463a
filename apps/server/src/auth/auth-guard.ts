import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AuditOrigin } from "../audit/audit.repository";
import { AppError } from "../errors";
import type { UserRow } from "../users/present-user";
import type { Accounts } from "./accounts";

/** Who may call a route. */
export type RouteAccess = "public" | "user" | "admin";

/** The signed-in caller of a request. */
export interface RequestAuth {
  user: UserRow;
  sessionId: string;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Default: `user` for /api/ and /v1/ routes, `public` for everything else. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}

const PROTECTED_PREFIX = /^\/(api|v1)\//;

/**
 * The one guard: before anything else runs, every API route checks the caller's access token,
 * that its session is still live (so logout works at once) and the caller's current role (so a
 * demotion works at once). API routes are for signed-in users unless they say `access: "public"`.
 */
export function registerAuthGuard(app: FastifyInstance, accounts: Accounts): void {
  app.decorateRequest("auth", null);
  app.addHook("onRequest", async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined) return;
    const access =
      request.routeOptions.config.access ?? (PROTECTED_PREFIX.test(url) ? "user" : "public");
    if (access === "public") return;

    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw new AppError("auth.unauthenticated");
    const claims = await accounts.tokens.verify(match[1]);
    const user = await accounts.sessions.findLiveSessionUser(claims.sid, claims.sub);
    if (!user) throw new AppError("auth.session_revoked");
    if (access === "admin" && user.role !== "admin") {
      throw new AppError("auth.forbidden", "Only administrators can do this.");
    }
    request.auth = { user, sessionId: claims.sid };
  });
}

/** The caller of a route behind the guard (throws if used on a public route by mistake). */
export function requireAuth(request: FastifyRequest): RequestAuth {
  if (!request.auth) throw new AppError("auth.unauthenticated");
  return request.auth;
}

/** IP and user agent of a request, for sessions and the audit log. */
export function auditOrigin(request: FastifyRequest): AuditOrigin {
  return {
    ip: request.ip ?? null,
    userAgent: request.headers["user-agent"]?.slice(0, 512) ?? null,
  };
}
