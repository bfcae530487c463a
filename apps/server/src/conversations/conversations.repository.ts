import { and, asc, desc, eq, getTableColumns, gt, lt, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { conversations } from "../db/schema";
import { cursorTimestamp, type PageCursor } from "../history/page-cursor";

/** A conversation with how many turns it has. */
export type ConversationRow = typeof conversations.$inferSelect & { turnCount: number };

/** A conversation with the cursor text of its position in the list. */
export type ConversationPageRow = ConversationRow & { cursorAt: string };

const conversationColumns = {
  ...getTableColumns(conversations),
  // Written out in full: Drizzle leaves column names unqualified in one-table queries, and an
  // unqualified "id" inside the subquery would mean the turn's id.
  turnCount: sql<number>`(select count(*)::int from "generations" as "turn" where "turn"."conversation_id" = "conversations"."id")`,
};

/** The SQL of a user's conversations (created by the generation service with their first turn). */
export class ConversationsRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Up to `limit` of the user's conversations after `cursor`, most recently updated first, ties
   * by id ascending — the order of the `conversations_user_updated_idx` index.
   */
  async listPage(
    userId: string,
    cursor: PageCursor | undefined,
    limit: number,
  ): Promise<ConversationPageRow[]> {
    const conditions: (SQL | undefined)[] = [eq(conversations.userId, userId)];
    if (cursor) {
      const at = sql`${cursor.at}::timestamptz`;
      conditions.push(
        or(
          lt(conversations.updatedAt, at),
          and(eq(conversations.updatedAt, at), gt(conversations.id, cursor.id)),
        ),
      );
    }
    return this.#db
      .select({ ...conversationColumns, cursorAt: cursorTimestamp(conversations.updatedAt) })
      .from(conversations)
      .where(and(...conditions))
      .orderBy(desc(conversations.updatedAt), asc(conversations.id))
      .limit(limit);
  }

  /** One of the user's conversations, or undefined (also for another user's). */
  async find(userId: string, id: string): Promise<ConversationRow | undefined> {
    const [row] = await this.#db
      .select(conversationColumns)
      .from(conversations)
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)));
    return row;
  }

  /** Renames one of the user's conversations; undefined when there is none. */
  async rename(userId: string, id: string, title: string): Promise<ConversationRow | undefined> {
    const [row] = await this.#db
      .update(conversations)
      .set({ title, updatedAt: sql`now()` })
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
      .returning(conversationColumns);
    return row;
  }

  /**
   * Deletes one of the user's conversations; the database deletes its turns and their feedback
   * with it (foreign keys on delete cascade). False when there is none.
   */
  async delete(userId: string, id: string): Promise<boolean> {
    const deleted = await this.#db
      .delete(conversations)
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
      .returning({ id: conversations.id });
    return deleted.length > 0;
  }
}
