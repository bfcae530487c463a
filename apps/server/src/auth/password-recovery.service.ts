import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import type { TResetPasswordRequest } from "@codegenie/shared";
import type { FastifyBaseLogger } from "fastify";
import type { AuditOrigin } from "../audit/audit.repository";
import type { Database } from "../db/database";
import { AppError } from "../errors";
import type { Mailer } from "../mail/mailer";
import { passwordResetMail } from "../mail/password-reset-mail";
import type { UserRow } from "../users/present-user";
import type { Accounts } from "./accounts";
import type { AuthService } from "./auth.service";
import type { PasswordResetCodesRepository } from "./password-reset-codes.repository";
import { assertStrongPassword } from "./password-strength";

/** Limits of password recovery. Per-account counts share AUTH_RATE_LIMIT_WINDOW_SECONDS. */
export interface RecoveryLimits {
  /** How long an emailed code works, in seconds (default 600). */
  codeTtlSeconds: number;
  /** Wrong codes after which a code stops working (default 5). */
  maxCodeAttempts: number;
  /** Codes one email address may ask for per window (default 3). */
  forgotPerAccount: number;
  /** Question lookups and reset attempts per email address per window (default 10 each). */
  resetPerAccount: number;
}

/** The limits the issue asks for. */
export const DEFAULT_RECOVERY_LIMITS: RecoveryLimits = {
  codeTtlSeconds: 600,
  maxCodeAttempts: 5,
  forgotPerAccount: 3,
  resetPerAccount: 10,
};

/**
 * Shown for unknown emails and accounts without questions: the kind of questions people pick, so
 * the answer does not tell whether the account exists.
 */
export const DECOY_QUESTIONS = [
  "What was the name of your first pet?",
  "In what city were you born?",
  "What is your mother's maiden name?",
  "What was the name of your primary school?",
  "What was the make of your first car?",
  "What is the name of the street you grew up on?",
  "What was your childhood nickname?",
  "In what city did your parents meet?",
  "What was the first concert you went to?",
  "What is the title of your favourite book?",
  "What was the name of your first teacher?",
  "What was your first job?",
  "What is the first name of your best childhood friend?",
  "What was the first programming language you learned?",
  "What is your grandmother's first name?",
  "What was the name of your first manager?",
] as const;

const FORGOT_ANSWER = "If an account uses this email, a 6-digit code is on its way.";

/** Everything password recovery uses. */
export interface PasswordRecoveryDeps {
  accounts: Accounts;
  auth: AuthService;
  codes: PasswordResetCodesRepository;
  /** Null when SMTP is not configured: email recovery is off. */
  mailer: Mailer | null;
  db: Database;
  /** 32-byte key for the codes' HMAC, derived from the server secret. */
  codeKey: Buffer;
  /** 32-byte key that picks an email's decoy questions, derived from the server secret. */
  decoyKey: Buffer;
  logger: FastifyBaseLogger;
  limits?: RecoveryLimits;
}

/** Forgotten passwords: a one-time code by email, or the two security questions. */
export class PasswordRecoveryService {
  readonly #deps: PasswordRecoveryDeps;
  readonly #limits: RecoveryLimits;

  constructor(deps: PasswordRecoveryDeps) {
    this.#deps = deps;
    this.#limits = deps.limits ?? DEFAULT_RECOVERY_LIMITS;
  }

  /**
   * Emails a new 6-digit code when an account uses `email` (cancelling the previous one). The
   * answer is the same either way, and the email is sent after answering, so neither the answer
   * nor its timing tells whether the account exists.
   */
  async requestCode(email: string, origin: AuditOrigin): Promise<{ message: string }> {
    const { mailer, accounts, codes, logger } = this.#deps;
    if (!mailer) throw new AppError("auth.email_recovery_unavailable");
    await this.#limitAccount("forgot", email, this.#limits.forgotPerAccount);
    const row = await accounts.users.findByEmail(email);
    if (!row) {
      await accounts.audit.record({
        action: "password.reset_requested",
        ...origin,
        details: { method: "email", email, reason: "unknown_email" },
      });
      return { message: FORGOT_ANSWER };
    }
    const code = randomInt(0, 1_000_000).toString().padStart(6, "0");
    await codes.replace(row.id, this.#hashCode(row.id, code), this.#limits.codeTtlSeconds);
    const user = { id: row.id, username: row.username };
    await accounts.audit.record({
      action: "password.reset_requested",
      target: user,
      ...origin,
      details: { method: "email" },
    });
    const message = passwordResetMail({
      to: row.email,
      username: row.username,
      code,
      expiresInMinutes: Math.round(this.#limits.codeTtlSeconds / 60),
    });
    mailer.send(message).catch((error: unknown) => {
      logger.error({ err: error, userId: row.id }, "could not send the password reset email");
    });
    return { message: FORGOT_ANSWER };
  }

  /** The two questions to answer for `email`: the account's own, or stable decoys. */
  async questionsFor(email: string): Promise<string[]> {
    const { accounts, logger } = this.#deps;
    await this.#limitAccount("questions", email, this.#limits.resetPerAccount);
    const row = await accounts.users.findByEmail(email);
    if (!row?.securityQuestionsEncrypted) return this.#decoysFor(email);
    try {
      return accounts.securityQuestions.decryptTexts(row.securityQuestionsEncrypted);
    } catch (error) {
      // The server secret changed since the questions were stored: they cannot be shown.
      logger.warn({ err: error, userId: row.id }, "could not decrypt security questions");
      return this.#decoysFor(email);
    }
  }

  /**
   * Sets a new password with the emailed code or the two answers, ends every session of the
   * user and clears the sign-in lock. Wrong proofs get 400 `auth.reset_invalid` and change
   * nothing but the attempt counters.
   */
  async resetPassword(request: TResetPasswordRequest, origin: AuditOrigin): Promise<void> {
    await this.#limitAccount("reset", request.email, this.#limits.resetPerAccount);
    if ("code" in request) {
      await this.#resetWithCode(request.email, request.code, request.newPassword, origin);
    } else {
      await this.#resetWithAnswers(request.email, request.answers, request.newPassword, origin);
    }
  }

  async #resetWithCode(email: string, code: string, newPassword: string, origin: AuditOrigin) {
    const { accounts, codes } = this.#deps;
    const row = await accounts.users.findByEmail(email);
    if (!row)
      return this.#refuse(null, origin, { method: "email", email, reason: "unknown_email" });
    const check = await codes.check(
      row.id,
      (codeHash) => this.#codeMatches(row.id, code, codeHash),
      this.#limits.maxCodeAttempts,
    );
    if (check.kind === "refused") {
      const { reason, attemptsLeft } = check;
      return this.#refuse(row, origin, { method: "email", reason, attemptsLeft });
    }
    // A locked account may still recover by email: the code proves the mailbox.
    await this.#setPassword(row, newPassword, origin, "email", async (tx) => {
      if (!(await codes.markUsed(check.codeId, tx))) throw new AppError("auth.reset_invalid");
    });
  }

  async #resetWithAnswers(
    email: string,
    answers: readonly string[],
    newPassword: string,
    origin: AuditOrigin,
  ) {
    const { accounts, auth, codes } = this.#deps;
    const row = await accounts.users.findByEmail(email);
    if (!row?.securityAnswerHashes) {
      // As long as checking two answers takes, so the time does not tell either.
      await Promise.all(answers.map((answer) => accounts.hasher.verifyNothing(answer)));
      const reason = row ? "no_questions" : "unknown_email";
      return this.#refuse(row ?? null, origin, { method: "security_questions", email, reason });
    }
    assertNotLocked(row);
    const isValid = await accounts.securityQuestions.verifyAnswers(
      answers,
      row.securityAnswerHashes,
    );
    if (!isValid) {
      await auth.recordFailedAttempt(row, origin, "wrong_security_answers");
      return this.#refuse(row, origin, { method: "security_questions", reason: "wrong_answers" });
    }
    await this.#setPassword(row, newPassword, origin, "security_questions", (tx) =>
      codes.deleteAllOfUser(row.id, tx),
    );
  }

  /**
   * Stores the new password and ends every session in one transaction, after `consumeProof`
   * (which throws to undo everything). The password is hashed first, outside the transaction.
   */
  async #setPassword(
    row: UserRow,
    newPassword: string,
    origin: AuditOrigin,
    method: "email" | "security_questions",
    consumeProof: (tx: Database) => Promise<void>,
  ): Promise<void> {
    const { accounts, db } = this.#deps;
    assertStrongPassword(newPassword, row);
    const passwordHash = await accounts.hasher.hash(newPassword);
    const user = { id: row.id, username: row.username };
    await db.transaction(async (tx) => {
      await consumeProof(tx);
      await accounts.users.update(
        row.id,
        // A new password also ends a reset an administrator forced.
        { passwordHash, failedLoginCount: 0, lockedUntil: null, passwordResetRequired: false },
        tx,
      );
      await accounts.sessions.revokeAllOfUser(row.id, undefined, tx);
      await accounts.audit.record(
        { action: "password.reset", actor: user, target: user, ...origin, details: { method } },
        tx,
      );
    });
  }

  /** Records the failure and answers 400 `auth.reset_invalid`, the same for every reason. */
  async #refuse(
    row: UserRow | null,
    origin: AuditOrigin,
    details: Record<string, unknown>,
  ): Promise<never> {
    await this.#deps.accounts.audit.record({
      action: "password.reset_failed",
      target: row ? { id: row.id, username: row.username } : null,
      ...origin,
      details,
    });
    throw new AppError("auth.reset_invalid");
  }

  /** Per-account limit, keyed by the email so unknown addresses are limited alike. */
  async #limitAccount(action: string, email: string, max: number): Promise<void> {
    const { rateLimiter, config } = this.#deps.accounts;
    await rateLimiter.consume(`account:${action}:${email}`, {
      max,
      windowSeconds: config.rateLimit.windowSeconds,
    });
  }

  /** HMAC-SHA256 of the code, bound to the user so a row cannot serve another account. */
  #hashCode(userId: string, code: string): string {
    return createHmac("sha256", this.#deps.codeKey).update(`${userId}:${code}`).digest("hex");
  }

  #codeMatches(userId: string, code: string, codeHash: string): boolean {
    const expected = Buffer.from(codeHash, "hex");
    const actual = Buffer.from(this.#hashCode(userId, code), "hex");
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** Two different decoy questions, always the same for the same email and server secret. */
  #decoysFor(email: string): string[] {
    const digest = createHmac("sha256", this.#deps.decoyKey).update(email).digest();
    const count = DECOY_QUESTIONS.length;
    const first = digest.readUInt32BE(0) % count;
    const second = (first + 1 + (digest.readUInt32BE(4) % (count - 1))) % count;
    return [DECOY_QUESTIONS[first] ?? "", DECOY_QUESTIONS[second] ?? ""];
  }
}

/** Throws 429 `auth.account_locked` with Retry-After while the account is locked. */
function assertNotLocked(row: UserRow): void {
  if (!row.lockedUntil || row.lockedUntil <= new Date()) return;
  const seconds = (row.lockedUntil.getTime() - Date.now()) / 1000;
  throw new AppError("auth.account_locked", undefined, {
    lockedUntil: row.lockedUntil.toISOString(),
  }).withRetryAfter(seconds);
}
