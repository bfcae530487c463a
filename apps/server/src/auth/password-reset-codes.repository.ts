import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { passwordResetCodes } from "../db/schema";

/** Why a code was refused (for the audit log; the client always gets the same answer). */
export type CodeRefusal = "no_code" | "used" | "expired" | "too_many_attempts" | "wrong_code";

/** What presenting a code found. */
export type CodeCheck =
  | { kind: "valid"; codeId: string }
  | { kind: "refused"; reason: CodeRefusal; attemptsLeft: number };

/** The SQL of emailed password reset codes (stored as keyed hashes, never as typed). */
export class PasswordResetCodesRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Stores a user's new code and cancels any earlier one, in one transaction. */
  async replace(userId: string, codeHash: string, ttlSeconds: number): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.delete(passwordResetCodes).where(eq(passwordResetCodes.userId, userId));
      await tx.insert(passwordResetCodes).values({
        userId,
        codeHash,
        expiresAt: sql`now() + make_interval(secs => ${ttlSeconds})`,
      });
    });
  }

  /**
   * Checks a code against the user's latest one. A wrong code counts one attempt; the row is
   * locked meanwhile, so parallel guesses cannot slip past `maxAttempts`. A right code is not
   * used up here (see `markUsed`), so a refused new password does not cost the code.
   */
  async check(
    userId: string,
    matches: (codeHash: string) => boolean,
    maxAttempts: number,
  ): Promise<CodeCheck> {
    return this.#db.transaction(async (tx) => {
      const [code] = await tx
        .select({
          id: passwordResetCodes.id,
          codeHash: passwordResetCodes.codeHash,
          attempts: passwordResetCodes.attempts,
          usedAt: passwordResetCodes.usedAt,
          isExpired: sql<boolean>`${passwordResetCodes.expiresAt} <= now()`,
        })
        .from(passwordResetCodes)
        .where(eq(passwordResetCodes.userId, userId))
        .orderBy(desc(passwordResetCodes.createdAt))
        .limit(1)
        .for("update");
      if (!code) return { kind: "refused", reason: "no_code", attemptsLeft: 0 };
      const attemptsLeft = Math.max(0, maxAttempts - code.attempts);
      if (code.usedAt) return { kind: "refused", reason: "used", attemptsLeft };
      if (code.isExpired) return { kind: "refused", reason: "expired", attemptsLeft };
      if (attemptsLeft === 0) return { kind: "refused", reason: "too_many_attempts", attemptsLeft };
      if (matches(code.codeHash)) return { kind: "valid", codeId: code.id };
      await tx
        .update(passwordResetCodes)
        .set({ attempts: sql`${passwordResetCodes.attempts} + 1` })
        .where(eq(passwordResetCodes.id, code.id));
      return { kind: "refused", reason: "wrong_code", attemptsLeft: attemptsLeft - 1 };
    });
  }

  /**
   * Uses a code up. False when it can no longer be used (used meanwhile, expired, or replaced by
   * a newer code); `db` lets it join the password change's transaction.
   */
  async markUsed(codeId: string, db: Database = this.#db): Promise<boolean> {
    const rows = await db
      .update(passwordResetCodes)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(passwordResetCodes.id, codeId),
          isNull(passwordResetCodes.usedAt),
          gt(passwordResetCodes.expiresAt, sql`now()`),
        ),
      )
      .returning({ id: passwordResetCodes.id });
    return rows.length === 1;
  }

  /** Cancels a user's codes (after the password was reset another way). */
  async deleteAllOfUser(userId: string, db: Database = this.#db): Promise<void> {
    await db.delete(passwordResetCodes).where(eq(passwordResetCodes.userId, userId));
  }
}
