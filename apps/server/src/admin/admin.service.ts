import {
  type TAdminUser,
  type TAdminUsersResponse,
  type TAuditAction,
  type TAuditResponse,
  ZAuditAction,
} from "@codegenie/shared";
import type { AuditOrigin, AuditRepository } from "../audit/audit.repository";
import type { Database } from "../db/database";
import { violatedUniqueConstraint } from "../db/database-errors";
import { AppError } from "../errors";
import type { UserRow } from "../users/present-user";
import { lockAdminChanges, type NewUser, type UsersRepository } from "../users/users.repository";
import { AdminRepository, type AuditRow, type PageRequest } from "./admin.repository";
import { AdminUsersRepository, type UserListing } from "./admin-users.repository";
import { presentAdminUser, presentAdminUserSummary } from "./present-admin-user";

/** Who changes an account, and from where, for the audit log. */
export interface AdminCaller extends AuditOrigin {
  /** The signed-in admin; null for the command line. */
  actor: { id: string; username: string } | null;
  /** Recorded with each audit entry, e.g. `{ via: "cli" }`. */
  details?: Record<string, unknown>;
}

/** What the admin service works on. */
export interface AdminServiceParts {
  db: Database;
  users: UsersRepository;
  audit: AuditRepository;
}

function presentAuditEntry(row: AuditRow): TAuditResponse["entries"][number] {
  return {
    id: String(row.id),
    // Only AuditRepository writes this column, and it takes nothing but known actions.
    action: ZAuditAction.parse(row.action),
    actorId: row.actorId,
    actorUsername: row.actorUsername,
    targetId: row.targetId,
    targetUsername: row.targetUsername,
    ip: row.ip,
    userAgent: row.userAgent,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * A unique violation of the users table as the error the caller should see; any other error as
 * it was. The admin slot's index is what refuses a third admin when two changes race.
 */
function explainUniqueViolation(error: unknown): unknown {
  switch (violatedUniqueConstraint(error)) {
    case "users_admin_slot_idx":
      return new AppError("admin.limit_reached");
    case "users_username_lower_idx":
      return new AppError("auth.username_taken");
    case "users_email_idx":
      return new AppError("auth.email_taken");
    default:
      return error;
  }
}

/**
 * The user lifecycle for administrators: listing, promoting, demoting and deleting accounts, and
 * reading the audit log. Every change of who is admin runs in one transaction under
 * `lockAdminChanges` and is recorded in the audit log in that same transaction; the two admin
 * slots in the database make "at most two admins" hold even for a change that skipped the lock.
 */
export class AdminService {
  readonly #db: Database;
  readonly #users: UsersRepository;
  readonly #audit: AuditRepository;
  readonly #reads: AdminRepository;
  readonly #userReads: AdminUsersRepository;

  constructor(parts: AdminServiceParts) {
    this.#db = parts.db;
    this.#users = parts.users;
    this.#audit = parts.audit;
    this.#reads = new AdminRepository(parts.db);
    this.#userReads = new AdminUsersRepository(parts.db);
  }

  /** One page of users matching the search, with their usage figures. */
  async listUsers(search: UserListing): Promise<TAdminUsersResponse> {
    const { rows, total } = await this.#userReads.list(search);
    const now = new Date();
    return {
      users: rows.map((row) => presentAdminUserSummary(row, now)),
      total,
      page: search.page,
      pageSize: search.pageSize,
    };
  }

  /** One page of the audit log, newest first. */
  async listAudit(
    query: PageRequest & { action?: TAuditAction | undefined },
  ): Promise<TAuditResponse> {
    const { rows, total } = await this.#reads.listAudit(query);
    return {
      entries: rows.map(presentAuditEntry),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * Makes a user an admin. An admin already is one (nothing changes, nothing is recorded).
   * 404 `user.not_found`; 409 `admin.limit_reached` when both admin slots are held.
   */
  async promote(id: string, caller: AdminCaller): Promise<TAdminUser> {
    return this.#db.transaction(async (tx) => {
      await lockAdminChanges(tx);
      const user = await this.#findOrThrow(id, tx);
      if (user.role === "admin") return presentAdminUser(user);
      const [slot] = await this.#users.freeAdminSlots(tx);
      if (slot === undefined) throw new AppError("admin.limit_reached");
      let promoted: UserRow | undefined;
      try {
        promoted = await this.#users.grantAdmin(id, slot, tx);
      } catch (error) {
        throw explainUniqueViolation(error);
      }
      if (!promoted) throw new AppError("user.not_found");
      await this.#record("user.promoted", promoted, caller, tx);
      return presentAdminUser(promoted);
    });
  }

  /**
   * Makes an admin a plain user; the guard reads the role on every request, so it takes effect on
   * their next one. A plain user stays one (nothing recorded). 409 `admin.last_admin` for the
   * only admin.
   */
  async demote(id: string, caller: AdminCaller): Promise<TAdminUser> {
    return this.#db.transaction(async (tx) => {
      await lockAdminChanges(tx);
      const user = await this.#findOrThrow(id, tx);
      if (user.role !== "admin") return presentAdminUser(user);
      await this.#assertNotLastAdmin(tx);
      const demoted = await this.#users.revokeAdmin(id, tx);
      if (!demoted) throw new AppError("user.not_found");
      await this.#record("user.demoted", demoted, caller, tx);
      return presentAdminUser(demoted);
    });
  }

  /**
   * Deletes an account with its sessions and history. Admins may delete themselves while another
   * admin remains; 409 `admin.last_admin` for the only admin.
   */
  async delete(id: string, caller: AdminCaller): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await lockAdminChanges(tx);
      const user = await this.#findOrThrow(id, tx);
      if (user.role === "admin") await this.#assertNotLastAdmin(tx);
      const deleted = await this.#users.delete(id, tx);
      if (!deleted) throw new AppError("user.not_found");
      await this.#record("user.deleted", deleted, caller, tx, { role: deleted.role });
    });
  }

  /**
   * Creates an account that is an admin from the start (the command line's `create-admin`).
   * 409 `admin.limit_reached` when both admin slots are held, `auth.username_taken` or
   * `auth.email_taken` when the account exists. The password must already be checked and hashed.
   */
  async createAdmin(user: NewUser, caller: AdminCaller): Promise<TAdminUser> {
    return this.#db.transaction(async (tx) => {
      await lockAdminChanges(tx);
      const [slot] = await this.#users.freeAdminSlots(tx);
      if (slot === undefined) throw new AppError("admin.limit_reached");
      let created: UserRow;
      try {
        created = await this.#users.createAdmin(user, slot, tx);
      } catch (error) {
        throw explainUniqueViolation(error);
      }
      await this.#record("user.registered", created, caller, tx, { role: created.role });
      return presentAdminUser(created);
    });
  }

  async #findOrThrow(id: string, tx: Database): Promise<UserRow> {
    const user = await this.#users.findById(id, tx);
    if (!user) throw new AppError("user.not_found");
    return user;
  }

  async #assertNotLastAdmin(tx: Database): Promise<void> {
    if ((await this.#users.countAdmins(tx)) <= 1) throw new AppError("admin.last_admin");
  }

  async #record(
    action: TAuditAction,
    target: UserRow,
    caller: AdminCaller,
    tx: Database,
    details?: Record<string, unknown>,
  ): Promise<void> {
    const merged = { ...caller.details, ...details };
    await this.#audit.record(
      {
        action,
        actor: caller.actor,
        target: { id: target.id, username: target.username },
        ip: caller.ip,
        userAgent: caller.userAgent,
        ...(Object.keys(merged).length > 0 ? { details: merged } : {}),
      },
      tx,
    );
  }
}
