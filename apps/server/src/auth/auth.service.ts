import { setTimeout as sleep } from "node:timers/promises";
import type { TLoginRequest, TRegisterRequest, TUser } from "@codegenie/shared";
import type { AuditOrigin } from "../audit/audit.repository";
import { violatedUniqueConstraint } from "../db/database-errors";
import { AppError } from "../errors";
import { presentUser, type UserRow } from "../users/present-user";
import type { Accounts } from "./accounts";
import { assertStrongPassword } from "./password-strength";

/** A signed-in session: what login and refresh hand back. */
export interface IssuedSession {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  user: TUser;
}

/** Longest pause before answering a sign-in on an account under attack, in milliseconds. */
const MAX_SLOWDOWN_MS = 8000;

/** Sign-up, sign-in, session renewal and sign-out. */
export class AuthService {
  readonly #accounts: Accounts;

  constructor(accounts: Accounts) {
    this.#accounts = accounts;
  }

  /** Per-IP limit of sign-in, sign-up and recovery requests. */
  async limitByIp(action: string, ip: string): Promise<void> {
    await this.#accounts.rateLimiter.consume(`ip:${action}:${ip}`, this.#accounts.config.rateLimit);
  }

  /** Creates an account (the first one is admin). 409 when the user id or email is taken. */
  async register(request: TRegisterRequest, origin: AuditOrigin): Promise<TUser> {
    const { hasher, securityQuestions, users, audit } = this.#accounts;
    assertStrongPassword(request.password, request);
    const protectedQuestions = request.securityQuestions
      ? await securityQuestions.protect(request.securityQuestions)
      : null;
    let row: UserRow;
    try {
      row = await users.create({
        username: request.username,
        email: request.email,
        displayName: request.displayName,
        passwordHash: await hasher.hash(request.password),
        securityQuestionsEncrypted: protectedQuestions?.encrypted ?? null,
        securityAnswerHashes: protectedQuestions?.answerHashes ?? null,
      });
    } catch (error) {
      const constraint = violatedUniqueConstraint(error);
      if (constraint === "users_username_lower_idx") throw new AppError("auth.username_taken");
      if (constraint === "users_email_idx") throw new AppError("auth.email_taken");
      throw error;
    }
    const user = { id: row.id, username: row.username };
    await audit.record({
      action: "user.registered",
      actor: user,
      target: user,
      ...origin,
      details: { role: row.role },
    });
    return presentUser(row);
  }

  /**
   * Signs in with a user id or email. Unknown users and wrong passwords get the same answer and
   * take the same time. Failures in a row slow the account's sign-ins down, then lock it.
   */
  async login(request: TLoginRequest, origin: AuditOrigin): Promise<IssuedSession> {
    const { hasher, users, audit, config } = this.#accounts;
    const row = await users.findByLogin(request.username);
    if (!row) {
      await hasher.verifyNothing(request.password);
      await audit.record({
        action: "auth.login_failed",
        ...origin,
        details: { login: request.username.slice(0, 254), reason: "unknown_user" },
      });
      throw new AppError("auth.invalid_credentials");
    }
    const user = { id: row.id, username: row.username };
    this.#assertNotLocked(row);
    if (row.failedLoginCount >= config.lockout.slowDownAfter) {
      const steps = row.failedLoginCount - config.lockout.slowDownAfter;
      await sleep(Math.min(1000 * 2 ** steps, MAX_SLOWDOWN_MS));
    }

    const verification = await hasher.verify(request.password, row.passwordHash);
    if (!verification.isValid) {
      await this.recordFailedAttempt(row, origin, "wrong_password");
      throw new AppError("auth.invalid_credentials");
    }

    if (row.passwordResetRequired) {
      // Only someone who knows the password learns this; it is not a failed guess.
      await audit.record({
        action: "auth.login_failed",
        target: user,
        ...origin,
        details: { reason: "password_reset_required" },
      });
      throw new AppError("auth.password_reset_required");
    }

    await users.update(row.id, {
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: new Date(),
      ...(verification.needsRehash ? { passwordHash: await hasher.hash(request.password) } : {}),
    });
    await audit.record({ action: "auth.login", actor: user, target: user, ...origin });
    return this.issueSession(row, origin);
  }

  /**
   * Counts a failed proof of identity (password or security answers) against the account and
   * locks it at the threshold; records both in the audit log.
   */
  async recordFailedAttempt(row: UserRow, origin: AuditOrigin, reason: string): Promise<void> {
    const { users, audit, config } = this.#accounts;
    const user = { id: row.id, username: row.username };
    const { failedLoginCount, lockedUntil } = await users.recordFailedLogin(
      row.id,
      config.lockout.lockAfter,
      config.lockout.lockMinutes,
    );
    await audit.record({
      action: "auth.login_failed",
      target: user,
      ...origin,
      details: { reason, failedLoginCount },
    });
    if (failedLoginCount === config.lockout.lockAfter && lockedUntil) {
      await audit.record({
        action: "auth.locked",
        target: user,
        ...origin,
        details: { lockedUntil: lockedUntil.toISOString() },
      });
    }
  }

  /** Throws 429 `auth.account_locked` with Retry-After while the account is locked. */
  #assertNotLocked(row: UserRow): void {
    if (!row.lockedUntil || row.lockedUntil <= new Date()) return;
    const seconds = (row.lockedUntil.getTime() - Date.now()) / 1000;
    throw new AppError("auth.account_locked", undefined, {
      lockedUntil: row.lockedUntil.toISOString(),
    }).withRetryAfter(seconds);
  }

  /** Opens a session and signs its first access token. */
  async issueSession(row: UserRow, origin: AuditOrigin): Promise<IssuedSession> {
    const { sessions, config } = this.#accounts;
    const { sessionId, refreshToken } = await sessions.open(row.id, config.sessionTtlDays, origin);
    return this.#sign(row, sessionId, refreshToken);
  }

  /**
   * Exchanges a refresh token for a new access token and refresh token. A refresh token used
   * twice revokes its whole session (whoever holds a copy is signed out too).
   */
  async refresh(refreshToken: string | undefined, origin: AuditOrigin): Promise<IssuedSession> {
    const { sessions, audit } = this.#accounts;
    if (!refreshToken) throw new AppError("auth.refresh_invalid");
    const outcome = await sessions.rotate(refreshToken);
    switch (outcome.kind) {
      case "invalid":
        throw new AppError("auth.refresh_invalid");
      case "reused": {
        await sessions.revoke(outcome.sessionId);
        const user = { id: outcome.user.id, username: outcome.user.username };
        await audit.record({
          action: "auth.refresh_reused",
          target: user,
          ...origin,
          details: { sessionId: outcome.sessionId },
        });
        throw new AppError(
          "auth.refresh_invalid",
          "This session was ended because its renewal token was used twice; sign in again.",
        );
      }
      case "rotated":
        return this.#sign(outcome.user, outcome.sessionId, outcome.refreshToken);
    }
  }

  /** Ends this session, or every session of the user. */
  async logout(
    user: UserRow,
    sessionId: string,
    everywhere: boolean,
    origin: AuditOrigin,
  ): Promise<void> {
    const { sessions, audit } = this.#accounts;
    if (everywhere) await sessions.revokeAllOfUser(user.id);
    else await sessions.revoke(sessionId);
    const actor = { id: user.id, username: user.username };
    await audit.record({
      action: "auth.logout",
      actor,
      target: actor,
      ...origin,
      details: { everywhere },
    });
  }

  async #sign(row: UserRow, sessionId: string, refreshToken: string): Promise<IssuedSession> {
    const { tokens } = this.#accounts;
    const role = row.role === "admin" ? "admin" : "user";
    const accessToken = await tokens.sign({ sub: row.id, role, sid: sessionId });
    return { accessToken, expiresIn: tokens.ttlSeconds, refreshToken, user: presentUser(row) };
  }
}
