import { and, eq, getTableColumns, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { feedback, generations } from "../db/schema";
import type { FeedbackRow } from "./present-feedback";

/** What a user says about one answer, with the comment's scores (all null without a comment). */
export interface FeedbackInput {
  generationId: string;
  userId: string;
  rating: number;
  comment: string | null;
  sentimentCompound: number | null;
  sentimentPositive: number | null;
  sentimentNeutral: number | null;
  sentimentNegative: number | null;
  sentimentLabel: "positive" | "neutral" | "negative" | null;
}

/** The stored feedback and whether this write created it (false: it edited the existing one). */
export interface SavedFeedback {
  row: FeedbackRow;
  isCreated: boolean;
}

/** The SQL of feedback: one row per answer, written only by the answer's owner. */
export class FeedbackRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Creates or replaces the feedback on one of the user's answers, in one transaction; undefined
   * (nothing written) when the answer is not the user's. The answer's row is key-share locked,
   * so it cannot be deleted between the check and the write.
   */
  async save(input: FeedbackInput): Promise<SavedFeedback | undefined> {
    return this.#db.transaction(async (tx) => {
      const [answer] = await tx
        .select({ id: generations.id })
        .from(generations)
        .where(and(eq(generations.id, input.generationId), eq(generations.userId, input.userId)))
        .for("key share");
      if (!answer) return undefined;
      const { generationId: _generationId, userId: _userId, ...editable } = input;
      const [saved] = await tx
        .insert(feedback)
        .values(input)
        .onConflictDoUpdate({
          target: feedback.generationId,
          set: { ...editable, updatedAt: sql`now()` },
        })
        // xmax is 0 on a row version this statement inserted, and set on one it updated.
        .returning({ ...getTableColumns(feedback), isCreated: sql<boolean>`(xmax = 0)` });
      if (!saved) throw new Error("upsert into feedback returned no row");
      const { isCreated, ...row } = saved;
      return { row, isCreated };
    });
  }
}
