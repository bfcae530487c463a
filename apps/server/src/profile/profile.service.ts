import type {
  TChangePasswordRequest,
  TMeResponse,
  TSessionsResponse,
  TUpdateMeRequest,
  TUpdateSecurityQuestionsRequest,
} from "@codegenie/shared";
import { eq } from "drizzle-orm";
import type { AuditOrigin } from "../audit/audit.repository";
import type { Accounts } from "../auth/accounts";
import type { RequestAuth } from "../auth/auth-guard";
import { assertStrongPassword } from "../auth/password-strength";
import type { Database } from "../db/database";
import { violatedUniqueConstraint } from "../db/database-errors";
import { passwordResetCodes } from "../db/schema";
import { AppError } from "../errors";
import { gravatarUrl, presentUser, type UserRow } from "../users/present-user";
import { lockAdminChanges } from "../users/users.repository";
import type { ProfileRepository } from "./profile.repository";

/** The signed-in user as `GET /api/me` shows them. */
export function presentMe(user: UserRow): TMeResponse {
  return {
    ...presentUser(user),
    hasSecurityQuestions: user.securityQuestionsEncrypted !== null,
    gravatarUrl: gravatarUrl(user.email),
    hasUploadedAvatar: user.hasAvatar,
  };
}

/** The audit log's short form of a user. */
const who = (user: UserRow) => ({ id: user.id, username: user.username });

/** What the signed-in user can do to their own account. */
export class ProfileService {
  readonly #accounts: Accounts;
  readonly #db: Database;
  readonly #repository: ProfileRepository;

  constructor(accounts: Accounts, db: Database, repository: ProfileRepository) {
    this.#accounts = accounts;
    this.#db = db;
    this.#repository = repository;
  }

  /** Changes display name, email or avatar source; 409 for a taken email or a missing upload. */
  async update(
    user: UserRow,
    changes: TUpdateMeRequest,
    origin: AuditOrigin,
  ): Promise<TMeResponse> {
    const { currentPassword, ...profile } = changes;
    if (profile.avatarSource === "upload" && !user.hasAvatar) {
      throw new AppError("profile.avatar_not_uploaded");
    }
    const fields = (Object.keys(profile) as (keyof typeof profile)[]).filter(
      (field) => profile[field] !== undefined && profile[field] !== user[field],
    );
    if (fields.length === 0) return presentMe(user);
    if (fields.includes("email")) {
      if (currentPassword === undefined) {
        throw new AppError(
          "request.invalid",
          "Changing the email needs your current password (currentPassword).",
          { fields: [{ field: "body.currentPassword", message: "enter your current password" }] },
        );
      }
      await this.assertPassword(user, currentPassword);
    }
    try {
      const row = await this.#db.transaction(async (tx) => {
        const updated = await this.#accounts.users.update(user.id, profile, tx);
        if (!updated) throw new AppError("user.not_found");
        await this.#accounts.audit.record(
          {
            action: "profile.updated",
            actor: who(user),
            target: who(user),
            ...origin,
            details: { fields },
          },
          tx,
        );
        return updated;
      });
      return presentMe(row);
    } catch (error) {
      if (violatedUniqueConstraint(error) === "users_email_idx") {
        throw new AppError("auth.email_taken");
      }
      throw error;
    }
  }

  /** Stores an avatar (already re-encoded by `toAvatarWebp`) and shows it. */
  async setAvatar(user: UserRow, avatarWebp: Buffer, origin: AuditOrigin): Promise<TMeResponse> {
    return this.#updateAvatar(user, origin, {
      avatarWebp,
      avatarSource: "upload",
      avatarUpdatedAt: new Date(),
    });
  }

  /**
   * Deletes the uploaded picture; a user who showed it goes back to initials (one who shows
   * Gravatar keeps it). Deleting when there is none changes nothing.
   */
  async removeAvatar(user: UserRow, origin: AuditOrigin): Promise<TMeResponse> {
    if (!user.hasAvatar) return presentMe(user);
    return this.#updateAvatar(user, origin, {
      avatarWebp: null,
      avatarSource: user.avatarSource === "upload" ? "initials" : user.avatarSource,
      avatarUpdatedAt: new Date(),
    });
  }

  async #updateAvatar(
    user: UserRow,
    origin: AuditOrigin,
    values: { avatarWebp: Buffer | null; avatarSource: string; avatarUpdatedAt: Date },
  ): Promise<TMeResponse> {
    const row = await this.#db.transaction(async (tx) => {
      const updated = await this.#accounts.users.update(user.id, values, tx);
      if (!updated) throw new AppError("user.not_found");
      await this.#accounts.audit.record(
        {
          action: "profile.updated",
          actor: who(user),
          target: who(user),
          ...origin,
          details: { fields: ["avatar"], avatarSource: values.avatarSource },
        },
        tx,
      );
      return updated;
    });
    return presentMe(row);
  }

  /** The uploaded avatar of any user, as WebP; 404 `profile.no_avatar` when there is none. */
  async avatarOf(userId: string): Promise<Buffer> {
    const avatar = await this.#repository.findAvatar(userId);
    if (!avatar) throw new AppError("profile.no_avatar");
    return avatar;
  }

  /**
   * Changes the password after checking the current one, and signs out every other session (a
   * thief who knew the old password loses access); the current session stays signed in.
   */
  async changePassword(
    auth: RequestAuth,
    request: TChangePasswordRequest,
    origin: AuditOrigin,
  ): Promise<void> {
    const { user, sessionId } = auth;
    await this.assertPassword(user, request.currentPassword);
    assertStrongPassword(request.newPassword, user);
    const passwordHash = await this.#accounts.hasher.hash(request.newPassword);
    await this.#db.transaction(async (tx) => {
      await this.#accounts.users.update(user.id, { passwordHash }, tx);
      await this.#accounts.sessions.revokeAllOfUser(user.id, sessionId, tx);
      // A code emailed before the change must not reset the new password.
      await tx.delete(passwordResetCodes).where(eq(passwordResetCodes.userId, user.id));
      await this.#accounts.audit.record(
        { action: "password.changed", actor: who(user), target: who(user), ...origin },
        tx,
      );
    });
  }

  /** Replaces the security questions after checking the password. */
  async updateSecurityQuestions(
    user: UserRow,
    request: TUpdateSecurityQuestionsRequest,
    origin: AuditOrigin,
  ): Promise<TMeResponse> {
    await this.assertPassword(user, request.currentPassword);
    const { encrypted, answerHashes } = await this.#accounts.securityQuestions.protect(
      request.securityQuestions,
    );
    const row = await this.#db.transaction(async (tx) => {
      const updated = await this.#accounts.users.update(
        user.id,
        { securityQuestionsEncrypted: encrypted, securityAnswerHashes: answerHashes },
        tx,
      );
      if (!updated) throw new AppError("user.not_found");
      await this.#accounts.audit.record(
        { action: "security_questions.changed", actor: who(user), target: who(user), ...origin },
        tx,
      );
      return updated;
    });
    return presentMe(row);
  }

  /** The user's signed-in sessions (devices), most recently used first. */
  async listSessions(auth: RequestAuth): Promise<TSessionsResponse> {
    const rows = await this.#accounts.sessions.listLive(auth.user.id);
    return {
      sessions: rows.map((row) => ({
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        lastUsedAt: row.lastUsedAt.toISOString(),
        ip: row.ip,
        userAgent: row.userAgent,
        isCurrent: row.id === auth.sessionId,
      })),
    };
  }

  /** Signs one of the user's own sessions out; 404 for any other id. */
  async revokeSession(auth: RequestAuth, sessionId: string, origin: AuditOrigin): Promise<void> {
    const { user } = auth;
    if (!(await this.#repository.revokeOwnSession(user.id, sessionId))) {
      throw new AppError("profile.session_not_found");
    }
    await this.#accounts.audit.record({
      action: "auth.logout",
      actor: who(user),
      target: who(user),
      ...origin,
      details: { everywhere: false, sessionId, isCurrent: sessionId === auth.sessionId },
    });
  }

  /**
   * Deletes the account and everything personal hanging off it, after checking the password.
   * Under the admin lock, so two admins deleting themselves at once cannot leave none.
   */
  async deleteAccount(user: UserRow, password: string, origin: AuditOrigin): Promise<void> {
    await this.assertPassword(user, password);
    await this.#db.transaction(async (tx) => {
      await lockAdminChanges(tx);
      const current = await this.#accounts.users.findById(user.id, tx);
      if (!current) throw new AppError("user.not_found");
      if (current.role === "admin" && (await this.#repository.countAdmins(tx)) <= 1) {
        throw new AppError(
          "admin.last_admin",
          "You are the last administrator: make someone else an administrator before deleting your account.",
        );
      }
      await this.#repository.deleteUser(user.id, tx);
      await this.#accounts.audit.record(
        {
          action: "user.deleted",
          actor: who(current),
          target: who(current),
          ...origin,
          details: { role: current.role, by: "self" },
        },
        tx,
      );
    });
  }

  /**
   * Refuses a wrong password with 403 `profile.password_incorrect`. Guesses are rate limited per
   * account, so a stolen access token cannot be used to find the password by trying.
   */
  async assertPassword(user: UserRow, password: string): Promise<void> {
    const { rateLimiter, hasher, config } = this.#accounts;
    await rateLimiter.consume(`user:password-check:${user.id}`, config.rateLimit);
    const { isValid } = await hasher.verify(password, user.passwordHash);
    if (!isValid) throw new AppError("profile.password_incorrect");
  }
}
