import type { FastifyInstance, FastifyRequest } from "fastify";
import { hashApiKey, isApiKey } from "../api-keys/api-key-secret";
import { ApiKeysRepository } from "../api-keys/api-keys.repository";
import type { AuditOrigin } from "../audit/audit.repository";
import { AppError } from "../errors";
import type { UserRow } from "../users/present-user";
import type { Accounts } from "./accounts";

/** Who may call a route. */
export type RouteAccess = "public" | "user" | "admin";

/** A caller signed in with an access token (a session). */
export interface RequestAuth {
  user: UserRow;
  sessionId: string;
}

/** A caller of a `/v1` route who presented a personal API key. */
export interface ApiKeyAuth {
  user: UserRow;
  apiKeyId: string;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Default: `user` for /api/ and /v1/ routes, `public` for everything else. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    auth: RequestAuth | ApiKeyAuth | null;
  }
}

const PROTECTED_PREFIX = /^\/(api|v1)\//;
/**
 * Routes that accept personal API keys besides access tokens. Only the OpenAI-compatible routes:
 * a key lives in editor settings and scripts, so a leaked one must not reach the account, its
 * keys or its data under /api.
 */
const API_KEY_PREFIX = /^\/v1\//;
/** How often a key's `last_used_at` is written, at most: once a minute. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The one guard: before anything else runs, every API route checks the caller's access token,
 * that its session is still live (so logout works at once) and the caller's current role (so a
 * demotion works at once). API routes are for signed-in users unless they say `access: "public"`.
 * On `/v1` routes a personal API key (`Bearer cg_…`) works too; it is refused once revoked.
 */
export function registerAuthGuard(app: FastifyInstance, accounts: Accounts): void {
  const apiKeys = new ApiKeysRepository(app.database.db);
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
    const token = match[1];
    if (isApiKey(token)) {
      if (!API_KEY_PREFIX.test(url)) {
        throw new AppError(
          "auth.api_key_invalid",
          "API keys work only on the OpenAI-compatible /v1 routes; sign in to use this one.",
        );
      }
      request.auth = await authenticateApiKey(apiKeys, token);
    } else {
      const claims = await accounts.tokens.verify(token);
      const user = await accounts.sessions.findLiveSessionUser(claims.sid, claims.sub);
      if (!user) throw new AppError("auth.session_revoked");
      request.auth = { user, sessionId: claims.sid };
    }
    if (access === "admin" && request.auth.user.role !== "admin") {
      throw new AppError("auth.forbidden", "Only administrators can do this.");
    }
  });
}

/**
 * The owner of a live key. The key is found by its SHA-256 hash through a unique index; a timing
 * difference in that lookup reveals nothing usable, as the hash of a guess says nothing about the
 * key.
 */
async function authenticateApiKey(apiKeys: ApiKeysRepository, key: string): Promise<ApiKeyAuth> {
  const found = await apiKeys.findByHash(hashApiKey(key));
  if (!found) throw new AppError("auth.api_key_invalid");
  if (found.key.revokedAt !== null) {
    throw new AppError("auth.api_key_invalid", "This API key has been revoked.");
  }
  const lastUsedAt = found.key.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - lastUsedAt >= LAST_USED_RESOLUTION_MS) await apiKeys.touch(found.key.id);
  return { user: found.user, apiKeyId: found.key.id };
}

/**
 * The signed-in caller of an `/api` route (throws if used on a public route by mistake). API
 * keys never reach these routes: the guard refuses them.
 */
export function requireAuth(request: FastifyRequest): RequestAuth {
  const auth = request.auth;
  if (!auth || !("sessionId" in auth)) throw new AppError("auth.unauthenticated");
  return auth;
}

/** The caller of a `/v1` route: a session or a personal API key. */
export function requireCaller(request: FastifyRequest): RequestAuth | ApiKeyAuth {
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
