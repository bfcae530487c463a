import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { auditLog, conversations, feedback, generations, sessions, users } from "../db/schema";

/** The SQL of a user's own account data that the shared repositories do not cover. */
export class ProfileRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** The stored avatar of a user (only the picture, not the whole row), or undefined. */
  async findAvatar(userId: string): Promise<Buffer | undefined> {
    const [row] = await this.#db
      .select({ avatarWebp: users.avatarWebp })
      .from(users)
      .where(eq(users.id, userId));
    return row?.avatarWebp ?? undefined;
  }

  /** Revokes a session of this user; false when the user has no such live session. */
  async revokeOwnSession(userId: string, sessionId: string): Promise<boolean> {
    const revoked = await this.#db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(
        and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)),
      )
      .returning({ id: sessions.id });
    return revoked.length > 0;
  }

  /** Every session the user ever had, oldest first (no refresh token hashes). */
  async listAllSessions(userId: string) {
    return this.#db
      .select({
        id: sessions.id,
        ip: sessions.ip,
        userAgent: sessions.userAgent,
        createdAt: sessions.createdAt,
        lastUsedAt: sessions.lastUsedAt,
        expiresAt: sessions.expiresAt,
        revokedAt: sessions.revokedAt,
      })
      .from(sessions)
      .where(eq(sessions.userId, userId))
      .orderBy(asc(sessions.createdAt));
  }

  /** The user's generation history, oldest first. */
  async listGenerations(userId: string) {
    return this.#db
      .select({
        id: generations.id,
        kind: generations.kind,
        conversationId: generations.conversationId,
        modelId: generations.modelId,
        language: generations.language,
        style: generations.style,
        prompt: generations.prompt,
        responseText: generations.responseText,
        status: generations.status,
        finishReason: generations.finishReason,
        errorCode: generations.errorCode,
        errorMessage: generations.errorMessage,
        maxTokens: generations.maxTokens,
        temperature: generations.temperature,
        topP: generations.topP,
        promptTokens: generations.promptTokens,
        completionTokens: generations.completionTokens,
        durationMs: generations.durationMs,
        timeToFirstTokenMs: generations.timeToFirstTokenMs,
        createdAt: generations.createdAt,
        finishedAt: generations.finishedAt,
      })
      .from(generations)
      .where(eq(generations.userId, userId))
      .orderBy(asc(generations.createdAt));
  }

  /** The user's conversations, oldest first. */
  async listConversations(userId: string) {
    return this.#db
      .select()
      .from(conversations)
      .where(eq(conversations.userId, userId))
      .orderBy(asc(conversations.createdAt), asc(conversations.id));
  }

  /** The user's ratings and comments with their sentiment scores, oldest first. */
  async listFeedback(userId: string) {
    return this.#db
      .select()
      .from(feedback)
      .where(eq(feedback.userId, userId))
      .orderBy(asc(feedback.createdAt), asc(feedback.id));
  }

  /** Audit entries where the user acted or was acted upon, oldest first. */
  async listAuditEntries(userId: string) {
    return this.#db
      .select()
      .from(auditLog)
      .where(or(eq(auditLog.actorId, userId), eq(auditLog.targetId, userId)))
      .orderBy(asc(auditLog.id));
  }

  /** How many admins there are; `db` lets it join the caller's transaction. */
  async countAdmins(db: Database = this.#db): Promise<number> {
    const [row] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(users.role, "admin"));
    return Number(row?.count ?? 0);
  }

  /**
   * Deletes an account. The database deletes what hangs off it (sessions and their refresh
   * tokens, reset codes, conversations, generation history and feedback); the audit log keeps copied names, not references.
   */
  async deleteUser(userId: string, db: Database = this.#db): Promise<void> {
    await db.delete(users).where(eq(users.id, userId));
  }
}
