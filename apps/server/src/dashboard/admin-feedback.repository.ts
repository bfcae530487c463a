import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Database } from "../db/database";
import { feedback, generations, users } from "../db/schema";
import { containsWord } from "./comment-terms";
import type { DashboardRange } from "./dashboard-range";
import type { SentimentLabel } from "./word-cloud.repository";

/** What an admin narrows the feedback table to. */
export interface FeedbackFilter {
  range: DashboardRange;
  rating?: number | undefined;
  sentiment?: SentimentLabel | undefined;
  /** A term, matched like the word cloud counts it. */
  word?: string | undefined;
  model?: string | undefined;
}

/** The columns of a feedback table row. */
const feedbackRowColumns = {
  id: feedback.id,
  queryId: feedback.generationId,
  rating: feedback.rating,
  comment: feedback.comment,
  sentimentLabel: feedback.sentimentLabel,
  sentimentCompound: feedback.sentimentCompound,
  userId: feedback.userId,
  username: users.username,
  model: generations.modelId,
  kind: generations.kind,
  createdAt: feedback.createdAt,
  updatedAt: feedback.updatedAt,
};

/** A feedback table row as read. */
export interface AdminFeedbackRow {
  id: string;
  queryId: string;
  rating: number;
  comment: string | null;
  sentimentLabel: string | null;
  sentimentCompound: number | null;
  userId: string;
  username: string;
  model: string;
  kind: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The SQL of the admin feedback table: the range scan on `feedback_created_at_idx` (or, with a
 * word, the GIN index on `comment_terms`), joined to the author and the rated answer.
 */
export class AdminFeedbackRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** One page, newest first, and the number of all matching rows. */
  async list(
    filter: FeedbackFilter,
    page: { page: number; pageSize: number },
  ): Promise<{ rows: AdminFeedbackRow[]; total: number }> {
    const where = matching(filter);
    const [rows, totals] = await Promise.all([
      this.#db
        .select(feedbackRowColumns)
        .from(feedback)
        .innerJoin(users, eq(users.id, feedback.userId))
        .innerJoin(generations, eq(generations.id, feedback.generationId))
        .where(where)
        .orderBy(desc(feedback.createdAt), desc(feedback.id))
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize),
      // The rated answer is joined only to filter by its model: every feedback row has one.
      filter.model === undefined
        ? this.#db.select({ total: count() }).from(feedback).where(where)
        : this.#db
            .select({ total: count() })
            .from(feedback)
            .innerJoin(generations, eq(generations.id, feedback.generationId))
            .where(where),
    ]);
    return { rows, total: totals[0]?.total ?? 0 };
  }
}

function matching(filter: FeedbackFilter): SQL | undefined {
  return and(
    gte(feedback.createdAt, filter.range.from),
    lt(feedback.createdAt, filter.range.to),
    filter.rating === undefined ? undefined : eq(feedback.rating, filter.rating),
    filter.sentiment === undefined ? undefined : eq(feedback.sentimentLabel, filter.sentiment),
    filter.word === undefined ? undefined : containsWord(filter.word),
    filter.model === undefined ? undefined : eq(generations.modelId, filter.model),
  );
}
