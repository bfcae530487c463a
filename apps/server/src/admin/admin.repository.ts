import type { TAuditAction, TRole } from "@codegenie/shared";
import { and, asc, desc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { auditLog, users } from "../db/schema";
import type { UserRow } from "../users/present-user";

/** One page of a listing: page 1…, `pageSize` items. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** What an admin looks for among users. */
export interface UserSearch extends PageRequest {
  /** Part of a user id, email or display name, any case; blank means everyone. */
  q?: string | undefined;
  role?: TRole | undefined;
}

/** The columns of a user an admin sees (never hashes or avatar bytes). */
const adminUserColumns = {
  id: users.id,
  username: users.username,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  avatarSource: users.avatarSource,
  avatarUpdatedAt: users.avatarUpdatedAt,
  createdAt: users.createdAt,
  lastLoginAt: users.lastLoginAt,
  lockedUntil: users.lockedUntil,
};

/** A user as the admin listing reads them. */
export type AdminUserRow = Pick<UserRow, keyof typeof adminUserColumns>;

/** A row of the audit log. */
export type AuditRow = typeof auditLog.$inferSelect;

/** `text` as a LIKE pattern that matches it literally: `%`, `_` and `\` lose their meaning. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The SQL of what administrators read: the user listing and the audit log. */
export class AdminRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * One page of users matching the search, with the number of all matches. Users whose user id,
   * display name or email starts with `q` come first, then other matches; newest first within each.
   */
  async listUsers(search: UserSearch): Promise<{ rows: AdminUserRow[]; total: number }> {
    const conditions: SQL[] = [];
    const text = search.q?.trim();
    let startsWithText: SQL | undefined;
    if (text) {
      const escaped = escapeLike(text);
      const anywhere = `%${escaped}%`;
      const prefix = `${escaped}%`;
      const matches = or(
        ilike(users.username, anywhere),
        ilike(users.displayName, anywhere),
        ilike(users.email, anywhere),
      );
      if (matches) conditions.push(matches);
      startsWithText = or(
        ilike(users.username, prefix),
        ilike(users.displayName, prefix),
        ilike(users.email, prefix),
      );
    }
    if (search.role) conditions.push(eq(users.role, search.role));
    const where = and(...conditions);

    const order: SQL[] = [desc(users.createdAt), asc(users.id)];
    if (startsWithText) order.unshift(sql`(${startsWithText}) desc`);
    const [rows, total] = await Promise.all([
      this.#db
        .select(adminUserColumns)
        .from(users)
        .where(where)
        .orderBy(...order)
        .limit(search.pageSize)
        .offset((search.page - 1) * search.pageSize),
      this.#db.$count(users, where),
    ]);
    return { rows, total };
  }

  /** One page of the audit log, newest first, optionally of one action only. */
  async listAudit(
    query: PageRequest & { action?: TAuditAction | undefined },
  ): Promise<{ rows: AuditRow[]; total: number }> {
    const where = query.action ? eq(auditLog.action, query.action) : undefined;
    const [rows, total] = await Promise.all([
      this.#db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      this.#db.$count(auditLog, where),
    ]);
    return { rows, total };
  }
}
