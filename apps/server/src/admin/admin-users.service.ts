import type {
  TAdminSessionsRevokedResponse,
  TAdminUserDetail,
  TAdminUserFeedbackResponse,
  TAdminUserHistoryResponse,
  TAuditAction,
} from "@codegenie/shared";
import type { AuditRepository } from "../audit/audit.repository";
import type { Database } from "../db/database";
import { AppError } from "../errors";
import { presentFeedback } from "../feedback/present-feedback";
import { presentHistoryItem } from "../history/present-history-item";
import type { UsersRepository } from "../users/users.repository";
import type { PageRequest } from "./admin.repository";
import type { AdminCaller, AdminServiceParts } from "./admin.service";
import { AdminUsersRepository } from "./admin-users.repository";
import { presentAdminUser, presentAdminUserDetail } from "./present-admin-user";

/**
 * One user's page for administrators — figures, history, feedback — and the account actions
 * besides role changes: ending their sessions and forcing a password reset. Each action and its
 * audit entry are written in one transaction.
 */
export class AdminUsersService {
  readonly #db: Database;
  readonly #users: UsersRepository;
  readonly #audit: AuditRepository;
  readonly #reads: AdminUsersRepository;

  constructor(parts: AdminServiceParts) {
    this.#db = parts.db;
    this.#users = parts.users;
    this.#audit = parts.audit;
    this.#reads = new AdminUsersRepository(parts.db);
  }

  /** The user with figures; 404 `user.not_found`. */
  async detail(id: string): Promise<TAdminUserDetail> {
    const row = await this.#reads.find(id);
    if (!row) throw new AppError("user.not_found");
    return presentAdminUserDetail(row);
  }

  /** One page of the user's history, newest first; 404 `user.not_found`. */
  async history(id: string, page: PageRequest): Promise<TAdminUserHistoryResponse> {
    await this.#assertExists(id);
    const { rows, total } = await this.#reads.history(id, page);
    return { items: rows.map(presentHistoryItem), total, ...page };
  }

  /** One page of the user's feedback, newest first; 404 `user.not_found`. */
  async feedback(id: string, page: PageRequest): Promise<TAdminUserFeedbackResponse> {
    await this.#assertExists(id);
    const { rows, total } = await this.#reads.feedback(id, page);
    const items = rows.map((row) => ({
      ...presentFeedback(row.feedback),
      kind: row.kind === "explain" ? ("explain" as const) : ("generate" as const),
      model: row.model,
      promptStart: row.promptStart,
    }));
    return { items, total, ...page };
  }

  /**
   * Signs the user out everywhere: the guard checks the session on every request, so their
   * access tokens stop working on the next one and their refresh tokens cannot renew.
   */
  async revokeSessions(id: string, caller: AdminCaller): Promise<TAdminSessionsRevokedResponse> {
    return this.#db.transaction(async (tx) => {
      const user = await this.#findOrThrow(id, tx);
      const revokedSessions = await this.#reads.revokeSessions(id, tx);
      await this.#record("user.sessions_revoked", user, caller, tx, { revokedSessions });
      return { user: presentAdminUser(user), revokedSessions };
    });
  }

  /**
   * Ends the user's sessions and marks the account: until they set a new password through
   * "forgot password" (email code or security questions), sign-in with the old one is refused
   * with 403 `auth.password_reset_required`. Their personal API keys stay valid.
   */
  async forcePasswordReset(
    id: string,
    caller: AdminCaller,
  ): Promise<TAdminSessionsRevokedResponse> {
    return this.#db.transaction(async (tx) => {
      await this.#findOrThrow(id, tx);
      await this.#reads.requirePasswordReset(id, tx);
      const revokedSessions = await this.#reads.revokeSessions(id, tx);
      const user = await this.#findOrThrow(id, tx);
      await this.#record("user.password_reset_forced", user, caller, tx, { revokedSessions });
      return { user: presentAdminUser(user), revokedSessions };
    });
  }

  async #assertExists(id: string): Promise<void> {
    await this.#findOrThrow(id, this.#db);
  }

  async #findOrThrow(id: string, db: Database) {
    const user = await this.#users.findById(id, db);
    if (!user) throw new AppError("user.not_found");
    return user;
  }

  async #record(
    action: TAuditAction,
    target: { id: string; username: string },
    caller: AdminCaller,
    tx: Database,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.#audit.record(
      {
        action,
        actor: caller.actor,
        target: { id: target.id, username: target.username },
        ip: caller.ip,
        userAgent: caller.userAgent,
        details: { ...caller.details, ...details },
      },
      tx,
    );
  }
}
