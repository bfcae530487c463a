import { eq, or, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { users } from "../db/schema";
import type { UserRow } from "./present-user";

/** A new account. */
export interface NewUser {
  username: string;
  email: string;
  displayName: string;
  passwordHash: string;
  securityQuestionsEncrypted: string | null;
  securityAnswerHashes: string[] | null;
}

/** Serialises every change to who is admin, across processes (a transaction-scoped lock). */
export async function lockAdminChanges(db: Database): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('codegenie.admins'))`);
}

/** The SQL of accounts. */
export class UsersRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** The user with this id, or undefined. */
  async findById(id: string, db: Database = this.#db): Promise<UserRow | undefined> {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row;
  }

  /** The user whose user id (any case) or email is `login`, or undefined. */
  async findByLogin(login: string): Promise<UserRow | undefined> {
    const lowered = login.trim().toLowerCase();
    const [row] = await this.#db
      .select()
      .from(users)
      .where(or(sql`lower(${users.username}) = ${lowered}`, eq(users.email, lowered)));
    return row;
  }

  /** The user with this email, or undefined. */
  async findByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.#db
      .select()
      .from(users)
      .where(eq(users.email, email.trim().toLowerCase()));
    return row;
  }

  /**
   * Creates an account; the first one becomes admin. One transaction under the admin lock, so two
   * first sign-ups at once cannot both become admin. Throws AppError 409 for a taken user id or email.
   */
  async create(user: NewUser): Promise<UserRow> {
    return this.#db.transaction(async (tx) => {
      await lockAdminChanges(tx);
      const [{ count } = { count: 0 }] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(users);
      const isFirst = Number(count) === 0;
      const [row] = await tx
        .insert(users)
        .values({ ...user, role: isFirst ? "admin" : "user", adminSlot: isFirst ? 1 : null })
        .returning();
      if (!row) throw new Error("insert into users returned no row");
      return row;
    });
  }

  /** Whether any account exists. */
  async hasAnyUser(): Promise<boolean> {
    const [row] = await this.#db.select({ id: users.id }).from(users).limit(1);
    return row !== undefined;
  }

  /** Sets fields of one user (and `updated_at`). */
  async update(
    id: string,
    values: Partial<typeof users.$inferInsert>,
    db: Database = this.#db,
  ): Promise<UserRow | undefined> {
    const [row] = await db
      .update(users)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    return row;
  }

  /**
   * Counts one failed sign-in; locks the account once `lockAfter` failures in a row are reached.
   * Atomic, so parallel guesses cannot slip past the count. Returns the new count and lock.
   */
  async recordFailedLogin(
    id: string,
    lockAfter: number,
    lockMinutes: number,
  ): Promise<{ failedLoginCount: number; lockedUntil: Date | null }> {
    const [row] = await this.#db
      .update(users)
      .set({
        failedLoginCount: sql`${users.failedLoginCount} + 1`,
        lockedUntil: sql`case when ${users.failedLoginCount} + 1 >= ${lockAfter}
          then now() + make_interval(mins => ${lockMinutes}) else ${users.lockedUntil} end`,
      })
      .where(eq(users.id, id))
      .returning({ failedLoginCount: users.failedLoginCount, lockedUntil: users.lockedUntil });
    return row ?? { failedLoginCount: 0, lockedUntil: null };
  }
}
