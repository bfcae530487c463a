import type { TAdminUsersQuery } from "@codegenie/shared";
import { and, asc, desc, eq, gt, ilike, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { feedback, generations, sessions, userStats, users } from "../db/schema";
import type { HistoryRow } from "../history/present-history-item";
import type { PageRequest } from "./admin.repository";

/** What an admin looks for among users (the query of `GET /api/admin/users`). */
export type UserListing = Pick<TAdminUsersQuery, "page" | "pageSize" | "q" | "role" | "sort"> & {
  order?: TAdminUsersQuery["order"];
};

/** `%`, `_` and `\` in the search text are letters, not LIKE wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/**
 * A user's figures from the `user_stats` rollup (one row per user, kept by triggers on
 * `generations` and `feedback`): listing and sorting 10 000 users never aggregates their history.
 */
const figures = {
  queryCount: sql<number>`coalesce(${userStats.queryCount}, 0)`.mapWith(Number),
  lastQueryAt: userStats.lastQueryAt,
  feedbackCount: sql<number>`coalesce(${userStats.feedbackCount}, 0)`.mapWith(Number),
  averageRating: sql<
    number | null
  >`round(${userStats.ratingSum}::numeric / nullif(${userStats.feedbackCount}, 0), 2)::float8`.mapWith(
    Number,
  ),
};

/** The later of the last sign-in and the last query (`greatest` skips nulls). */
const lastActiveAt =
  sql<Date | null>`greatest(${users.lastLoginAt}, ${userStats.lastQueryAt})`.mapWith(
    users.lastLoginAt,
  );

/** The SQL of the admin's user pages: listing with figures, one user, their history and feedback. */
export class AdminUsersRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** The user columns an admin sees (never hashes, answers or avatar bytes) with the figures. */
  #selectWithFigures() {
    return this.#db
      .select({
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
        passwordResetRequired: users.passwordResetRequired,
        queryCount: figures.queryCount,
        lastActiveAt,
        feedbackCount: figures.feedbackCount,
        averageRating: figures.averageRating,
      })
      .from(users)
      .leftJoin(userStats, eq(userStats.userId, users.id));
  }

  /**
   * One page of users matching the listing, with the number of all matches. Without `sort`,
   * users whose user id, display name or email starts with `q` come first, then newest first.
   */
  async list(listing: UserListing) {
    const conditions: SQL[] = [];
    const text = listing.q?.trim();
    let startsWithText: SQL | undefined;
    if (text) {
      const escaped = escapeLike(text);
      const matches = or(
        ilike(users.username, `%${escaped}%`),
        ilike(users.displayName, `%${escaped}%`),
        ilike(users.email, `%${escaped}%`),
      );
      if (matches) conditions.push(matches);
      startsWithText = or(
        ilike(users.username, `${escaped}%`),
        ilike(users.displayName, `${escaped}%`),
        ilike(users.email, `${escaped}%`),
      );
    }
    if (listing.role) conditions.push(eq(users.role, listing.role));
    const where = and(...conditions);

    const query = this.#selectWithFigures();
    const direction = sql.raw(listing.order === "asc" ? "asc" : "desc");
    const sortKey = (() => {
      switch (listing.sort) {
        case undefined:
          return undefined;
        case "created":
          return sql`${users.createdAt}`;
        case "lastActive":
          return lastActiveAt;
        case "queryCount":
          return figures.queryCount;
        case "averageRating":
          return figures.averageRating;
        case "username":
          return sql`lower(${users.username})`;
      }
    })();
    const order: SQL[] = [desc(users.createdAt), asc(users.id)];
    if (sortKey) order.unshift(sql`${sortKey} ${direction} nulls last`);
    else if (startsWithText) order.unshift(sql`(${startsWithText}) desc`);

    const [rows, total] = await Promise.all([
      query
        .where(where)
        .orderBy(...order)
        .limit(listing.pageSize)
        .offset((listing.page - 1) * listing.pageSize),
      this.#db.$count(users, where),
    ]);
    return { rows, total };
  }

  /** One user with figures and live sessions, or undefined. */
  async find(id: string) {
    const [row] = await this.#selectWithFigures().where(eq(users.id, id));
    if (!row) return undefined;
    const liveSessionCount = await this.#db.$count(
      sessions,
      and(eq(sessions.userId, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)),
    );
    return { ...row, liveSessionCount };
  }

  /** One page of a user's history rows with their feedback, newest first. */
  async history(userId: string, page: PageRequest): Promise<{ rows: HistoryRow[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.#db
        .select({ generation: generations, feedback })
        .from(generations)
        .leftJoin(feedback, eq(feedback.generationId, generations.id))
        .where(eq(generations.userId, userId))
        .orderBy(desc(generations.createdAt), desc(generations.id))
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize),
      this.#db.$count(generations, eq(generations.userId, userId)),
    ]);
    return { rows, total };
  }

  /** One page of a user's feedback with what it rates, newest first. */
  async feedback(userId: string, page: PageRequest) {
    const [rows, total] = await Promise.all([
      this.#db
        .select({
          feedback,
          kind: generations.kind,
          model: generations.modelId,
          promptStart: sql<string>`left(${generations.prompt}, 200)`,
        })
        .from(feedback)
        .innerJoin(generations, eq(generations.id, feedback.generationId))
        .where(eq(feedback.userId, userId))
        .orderBy(desc(feedback.createdAt), desc(feedback.id))
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize),
      this.#db.$count(feedback, eq(feedback.userId, userId)),
    ]);
    return { rows, total };
  }

  /** Ends every live session of a user; returns how many there were. */
  async revokeSessions(userId: string, db: Database = this.#db): Promise<number> {
    const revoked = await db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`now()`),
        ),
      )
      .returning({ id: sessions.id });
    return revoked.length;
  }

  /** Marks the account so sign-in is refused until the password is reset. */
  async requirePasswordReset(userId: string, db: Database = this.#db): Promise<boolean> {
    const updated = await db
      .update(users)
      .set({ passwordResetRequired: true, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    return updated.length > 0;
  }
}
