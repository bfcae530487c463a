import { and, eq, gte, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { feedback } from "../db/schema";
import { commentTerms, isMeaningfulTerm } from "./comment-terms";
import type { DashboardRange } from "./dashboard-range";

/** A sentiment label of feedback. */
export type SentimentLabel = "positive" | "neutral" | "negative";

/**
 * The SQL of the word cloud: the terms of the comments of the range (the generated, indexed
 * `comment_terms` arrays, so no comment is tokenised at read time), counted by the database
 * with `unnest … group by`; only the top terms come back.
 */
export class WordCloudRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** The `limit` terms in most comments (ties alphabetical), with their comments' mean compound. */
  async topTerms(range: DashboardRange, label: SentimentLabel | undefined, limit: number) {
    const term = sql<string>`term`;
    return this.#db
      .select({
        term,
        count: sql<number>`count(*)::int`,
        sentimentMean: sql<number>`coalesce(avg(${feedback.sentimentCompound}), 0)::float8`,
      })
      .from(sql`${feedback}, unnest(${commentTerms}) as term`)
      .where(and(commentsOf(range, label), isMeaningfulTerm(term)))
      .groupBy(term)
      .orderBy(sql`count(*) desc`, term)
      .limit(limit);
  }

  /** How many comments the range (and label) has. */
  async countComments(range: DashboardRange, label: SentimentLabel | undefined): Promise<number> {
    const [row] = await this.#db
      .select({ comments: sql<number>`count(*)::int` })
      .from(feedback)
      .where(commentsOf(range, label));
    return row?.comments ?? 0;
  }
}

function commentsOf(range: DashboardRange, label: SentimentLabel | undefined): SQL | undefined {
  return and(
    gte(feedback.createdAt, range.from),
    lt(feedback.createdAt, range.to),
    isNotNull(feedback.comment),
    label === undefined ? undefined : eq(feedback.sentimentLabel, label),
  );
}
