import type { TAuditAction } from "@codegenie/shared";
import type { Database } from "../db/database";
import { auditLog } from "../db/schema";

/** Who and from where: taken from the request. */
export interface AuditOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** One thing that happened. */
export interface AuditEvent extends AuditOrigin {
  action: TAuditAction;
  actor?: { id: string; username: string } | null;
  target?: { id: string; username: string } | null;
  details?: Record<string, unknown>;
}

/** Writes the audit log (reading it is the admin feature's). */
export class AuditRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Records one event; `db` lets it join the caller's transaction. */
  async record(event: AuditEvent, db: Database = this.#db): Promise<void> {
    await db.insert(auditLog).values({
      action: event.action,
      actorId: event.actor?.id ?? null,
      actorUsername: event.actor?.username ?? null,
      targetId: event.target?.id ?? null,
      targetUsername: event.target?.username ?? null,
      ip: event.ip,
      userAgent: event.userAgent,
      details: event.details ?? null,
    });
  }
}
