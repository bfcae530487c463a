import type { TAuditAction } from "@codegenie/shared";
import { desc, eq } from "drizzle-orm";
import type { Database } from "../db/database";
import { auditLog } from "../db/schema";

/** One page of a listing: page 1…, `pageSize` items. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** A row of the audit log. */
export type AuditRow = typeof auditLog.$inferSelect;

/** The SQL of the audit log as administrators read it (users: admin-users.repository.ts). */
export class AdminRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
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
