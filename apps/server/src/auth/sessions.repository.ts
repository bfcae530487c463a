import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { AuditOrigin } from "../audit/audit.repository";
import type { Database } from "../db/database";
import { refreshTokens, sessions, users } from "../db/schema";
import { type UserRow, userColumns } from "../users/present-user";

/** A refresh token as sent to the browser (random, 256 bits) and its stored hash. */
function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashRefreshToken(token) };
}

function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What presenting a refresh token found. */
export type RefreshOutcome =
  | { kind: "rotated"; sessionId: string; user: UserRow; refreshToken: string }
  | { kind: "reused"; sessionId: string; user: UserRow }
  | { kind: "invalid" };

/** The SQL of sessions and their refresh tokens. */
export class SessionsRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Opens a session for a user; returns its id and first refresh token. */
  async open(
    userId: string,
    ttlDays: number,
    origin: AuditOrigin,
  ): Promise<{ sessionId: string; refreshToken: string }> {
    return this.#db.transaction(async (tx) => {
      const [session] = await tx
        .insert(sessions)
        .values({
          userId,
          ip: origin.ip,
          userAgent: origin.userAgent,
          expiresAt: sql`now() + make_interval(days => ${ttlDays})`,
        })
        .returning({ id: sessions.id });
      if (!session) throw new Error("insert into sessions returned no row");
      const { token, hash } = newRefreshToken();
      await tx.insert(refreshTokens).values({ sessionId: session.id, tokenHash: hash });
      return { sessionId: session.id, refreshToken: token };
    });
  }

  /**
   * Exchanges a refresh token for the next one of its session. A token used before means someone
   * replays a stolen token: the caller must revoke the whole session.
   */
  async rotate(token: string): Promise<RefreshOutcome> {
    return this.#db.transaction(async (tx) => {
      const [found] = await tx
        .select({
          tokenId: refreshTokens.id,
          usedAt: refreshTokens.usedAt,
          session: sessions,
          user: userColumns,
        })
        .from(refreshTokens)
        .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)))
        .for("update", { of: refreshTokens });
      if (!found) return { kind: "invalid" };
      const { session, user } = found;
      if (found.usedAt) return { kind: "reused", sessionId: session.id, user };
      if (session.revokedAt || session.expiresAt <= new Date()) return { kind: "invalid" };

      await tx
        .update(refreshTokens)
        .set({ usedAt: new Date() })
        .where(eq(refreshTokens.id, found.tokenId));
      await tx.update(sessions).set({ lastUsedAt: new Date() }).where(eq(sessions.id, session.id));
      const next = newRefreshToken();
      await tx.insert(refreshTokens).values({ sessionId: session.id, tokenHash: next.hash });
      return { kind: "rotated", sessionId: session.id, user, refreshToken: next.token };
    });
  }

  /**
   * The user of a live session: not revoked, not expired, and belonging to `userId`. One query
   * per authenticated request, which is what makes logout and role changes take effect at once.
   */
  async findLiveSessionUser(sessionId: string, userId: string): Promise<UserRow | undefined> {
    const [row] = await this.#db
      .select({ user: userColumns })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.id, sessionId),
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`now()`),
        ),
      );
    return row?.user;
  }

  /** Revokes one session. */
  async revoke(sessionId: string, db: Database = this.#db): Promise<void> {
    await db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
  }

  /** Revokes every session of a user, except `keepSessionId` when given. */
  async revokeAllOfUser(
    userId: string,
    keepSessionId?: string,
    db: Database = this.#db,
  ): Promise<void> {
    const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
    if (keepSessionId) conditions.push(ne(sessions.id, keepSessionId));
    await db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(...conditions));
  }

  /** The user's live sessions, most recently used first. */
  async listLive(userId: string) {
    return this.#db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`now()`),
        ),
      )
      .orderBy(desc(sessions.lastUsedAt));
  }
}
