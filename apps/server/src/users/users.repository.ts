import { eq, isNotNull, or, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { users } from "../db/schema";
import { type UserRow, userColumns } from "./present-user";

/** A new account. */
export interface NewUser {
  username: string;
  email: string;
  displayName: string;
  passwordHash: string;
  securityQuestionsEncrypted: string | null;
  securityAnswerHashes: string[] | null;
}

/** The two admin slots: an admin holds one, so there are never more than two admins. */
export const ADMIN_SLOTS = [1, 2] as const;

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
    const [row] = await db.select(userColumns).from(users).where(eq(users.id, id));
    return row;
  }

  /** The user whose user id (any case) or email is `login`, or undefined. */
  async findByLogin(login: string): Promise<UserRow | undefined> {
    const lowered = login.trim().toLowerCase();
    const [row] = await this.#db
      .select(userColumns)
      .from(users)
      .where(or(sql`lower(${users.username}) = ${lowered}`, eq(users.email, lowered)));
    return row;
  }

  /** The user with this email, or undefined. */
  async findByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.#db
      .select(userColumns)
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
        .returning(userColumns);
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
      .returning(userColumns);
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

  /** How many admins there are; `db` lets it join the caller's transaction. */
  async countAdmins(db: Database = this.#db): Promise<number> {
    return db.$count(users, eq(users.role, "admin"));
  }

  /** The admin slots nobody holds, lowest first. Call under `lockAdminChanges` to act on them. */
  async freeAdminSlots(db: Database = this.#db): Promise<number[]> {
    const held = await db
      .select({ slot: users.adminSlot })
      .from(users)
      .where(isNotNull(users.adminSlot));
    const heldSlots = new Set(held.map((row) => row.slot));
    return ADMIN_SLOTS.filter((slot) => !heldSlots.has(slot));
  }

  /**
   * Creates an account that is an admin from the start, holding `adminSlot`. A slot someone
   * else holds makes the database throw the unique violation of `users_admin_slot_idx`.
   */
  async createAdmin(user: NewUser, adminSlot: number, db: Database = this.#db): Promise<UserRow> {
    const [row] = await db
      .insert(users)
      .values({ ...user, role: "admin", adminSlot })
      .returning(userColumns);
    if (!row) throw new Error("insert into users returned no row");
    return row;
  }

  /**
   * Makes a user an admin holding `adminSlot`; undefined when there is no such user. A slot
   * someone else holds makes the database throw the unique violation of `users_admin_slot_idx`,
   * so even two promotions that skipped the lock cannot make a third admin.
   */
  async grantAdmin(
    id: string,
    adminSlot: number,
    db: Database = this.#db,
  ): Promise<UserRow | undefined> {
    return this.update(id, { role: "admin", adminSlot }, db);
  }

  /** Makes an admin a plain user again, freeing their slot; undefined when there is no such user. */
  async revokeAdmin(id: string, db: Database = this.#db): Promise<UserRow | undefined> {
    return this.update(id, { role: "user", adminSlot: null }, db);
  }

  /**
   * Deletes an account; its sessions, refresh tokens, reset codes and history go with it (foreign
   * keys cascade). Returns the deleted row, or undefined when there was none.
   */
  async delete(id: string, db: Database = this.#db): Promise<UserRow | undefined> {
    const [row] = await db.delete(users).where(eq(users.id, id)).returning(userColumns);
    return row;
  }
}
