import { and, count, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { apiKeys, users } from "../db/schema";
import { type UserRow, userColumns } from "../users/present-user";

/** A row of the api_keys table. */
export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** What is stored for a new key: never the key itself. */
export interface NewApiKey {
  userId: string;
  name: string;
  keyPrefix: string;
  keyHash: string;
}

/** The SQL of personal API keys. */
export class ApiKeysRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Stores a key unless the user already has `limit` live keys; undefined when at the limit.
   * The user's row is locked for the count, so concurrent requests cannot pass the limit together.
   */
  async createWithinLimit(key: NewApiKey, limit: number): Promise<ApiKeyRow | undefined> {
    return this.#db.transaction(async (tx) => {
      await tx.select({ id: users.id }).from(users).where(eq(users.id, key.userId)).for("update");
      const [live] = await tx
        .select({ total: count() })
        .from(apiKeys)
        .where(and(eq(apiKeys.userId, key.userId), isNull(apiKeys.revokedAt)));
      if ((live?.total ?? 0) >= limit) return undefined;
      const [row] = await tx.insert(apiKeys).values(key).returning();
      return row;
    });
  }

  /** The user's live keys, newest first. */
  async listLive(userId: string): Promise<ApiKeyRow[]> {
    return this.#db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
      .orderBy(desc(apiKeys.createdAt));
  }

  /** Revokes one of the user's live keys; the revoked row, or undefined for any other id. */
  async revoke(userId: string, id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.#db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
      .returning();
    return row;
  }

  /** The key with this hash (revoked or not) and its owner, in one query. */
  async findByHash(keyHash: string): Promise<{ key: ApiKeyRow; user: UserRow } | undefined> {
    const [row] = await this.#db
      .select({ key: apiKeys, user: userColumns })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(eq(apiKeys.keyHash, keyHash));
    return row;
  }

  /** Records a use of the key, unless one was recorded within the last minute. */
  async touch(id: string): Promise<void> {
    await this.#db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
        ),
      );
  }
}
