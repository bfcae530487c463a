import { and, asc, desc, eq, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { conversations, feedback, generations } from "../db/schema";
import { cursorTimestamp, type PageCursor } from "./page-cursor";
import type { HistoryRow } from "./present-history-item";

/** Which of a user's rows a history page holds. */
export interface HistoryFilter {
  kind?: "generate" | "explain";
  model?: string;
  /** Matched case-insensitively, as plain text, against the prompt (or code) and the answer. */
  text?: string;
}

/** A history row with the cursor text of its position. */
export type HistoryPageRow = HistoryRow & { cursorAt: string };

const historyColumns = { generation: generations, feedback };

/** `%`, `_` and `\` in people's text are letters, not LIKE wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/** The SQL of reading and deleting a user's own history rows (written by the generation service). */
export class HistoryRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Up to `limit` of the user's rows after `cursor`, newest first, ties broken by id — the order
   * of the `generations_user_created_idx` index.
   */
  async listPage(
    userId: string,
    filter: HistoryFilter,
    cursor: PageCursor | undefined,
    limit: number,
  ): Promise<HistoryPageRow[]> {
    const conditions: (SQL | undefined)[] = [eq(generations.userId, userId)];
    if (filter.kind) conditions.push(eq(generations.kind, filter.kind));
    if (filter.model) conditions.push(eq(generations.modelId, filter.model));
    if (filter.text) {
      const pattern = `%${escapeLike(filter.text)}%`;
      conditions.push(
        or(
          sql`${generations.prompt} ilike ${pattern} escape '\\'`,
          sql`${generations.responseText} ilike ${pattern} escape '\\'`,
        ),
      );
    }
    if (cursor) {
      conditions.push(
        sql`(${generations.createdAt}, ${generations.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`,
      );
    }
    return this.#db
      .select({ ...historyColumns, cursorAt: cursorTimestamp(generations.createdAt) })
      .from(generations)
      .leftJoin(feedback, eq(feedback.generationId, generations.id))
      .where(and(...conditions))
      .orderBy(desc(generations.createdAt), desc(generations.id))
      .limit(limit);
  }

  /** One of the user's rows with its feedback, or undefined (also for another user's row). */
  async find(userId: string, id: string): Promise<HistoryRow | undefined> {
    const [row] = await this.#db
      .select(historyColumns)
      .from(generations)
      .leftJoin(feedback, eq(feedback.generationId, generations.id))
      .where(and(eq(generations.id, id), eq(generations.userId, userId)));
    return row;
  }

  /** Every row of the user with its feedback, oldest first (for the export). */
  async listAll(userId: string): Promise<HistoryRow[]> {
    return this.#db
      .select(historyColumns)
      .from(generations)
      .leftJoin(feedback, eq(feedback.generationId, generations.id))
      .where(eq(generations.userId, userId))
      .orderBy(asc(generations.createdAt), asc(generations.id));
  }

  /** The turns of one of the user's conversations, oldest first. */
  async listConversationTurns(userId: string, conversationId: string): Promise<HistoryRow[]> {
    return this.#db
      .select(historyColumns)
      .from(generations)
      .leftJoin(feedback, eq(feedback.generationId, generations.id))
      .where(and(eq(generations.conversationId, conversationId), eq(generations.userId, userId)))
      .orderBy(asc(generations.createdAt), asc(generations.id));
  }

  /** Deletes one of the user's rows (its feedback goes with it); false when there is none. */
  async delete(userId: string, id: string): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const [deleted] = await tx
        .delete(generations)
        .where(and(eq(generations.id, id), eq(generations.userId, userId)))
        .returning({ conversationId: generations.conversationId });
      if (!deleted) return false;
      // A conversation whose last turn is gone would be an empty entry in the list: it goes too.
      if (deleted.conversationId !== null) {
        const conversationId = deleted.conversationId;
        await tx
          .delete(conversations)
          .where(
            and(
              eq(conversations.id, conversationId),
              sql`not exists (select 1 from ${generations} where ${generations.conversationId} = ${conversationId})`,
            ),
          );
      }
      return true;
    });
  }
}
