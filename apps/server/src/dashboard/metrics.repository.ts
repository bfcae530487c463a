import type { TMetricsBucket } from "@codegenie/shared";
import { type AnyColumn, and, gte, lt, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { feedback, generations, users } from "../db/schema";
import type { DashboardRange } from "./dashboard-range";

/** How the range is cut into buckets: hour/day/week in an IANA time zone. */
export interface Bucketing {
  bucket: TMetricsBucket;
  tz: string;
}

/** Query counts of one group of history rows. */
export interface QueryCounts {
  queries: number;
  completed: number;
  failed: number;
  cancelled: number;
}

/** A model's counts and performance (percentiles over completed answers; null without any). */
export interface ModelPerformance extends QueryCounts {
  model: string;
  latencyP50: number | null;
  latencyP95: number | null;
  ttftP50: number | null;
  ttftP95: number | null;
  tokensPerSecond: number | null;
}

/** Rating and sentiment counts of one group of feedback. */
export interface FeedbackCounts {
  ratings: number;
  averageRating: number | null;
  comments: number;
  sentimentMean: number | null;
  positive: number;
  neutral: number;
  negative: number;
}

/** ISO 8601 UTC text of a timestamp column, which a Date reads exactly (the bucket key). */
const utcText = (column: SQLWrapper) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const countInt = (condition?: SQL) =>
  condition ? sql<number>`(count(*) filter (where ${condition}))::int` : sql<number>`count(*)::int`;

/**
 * The SQL of `GET /api/admin/metrics`: a few aggregate statements over the range, run side by
 * side; only group rows come back, never history or feedback rows. Buckets are
 * `date_trunc(bucket, created_at, tz)` — the start of the hour, day or Monday-week in `tz`,
 * daylight-saving changes included.
 */
export class MetricsRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Every bucket start that overlaps [from, to), as UTC text, with its wall-time label in `tz`. */
  async bucketStarts(range: DashboardRange, { bucket, tz }: Bucketing) {
    const step = sql`(${`1 ${bucket}`})::interval`;
    const series = sql`generate_series(date_trunc(${bucket}, ${range.from}::timestamptz, ${tz}), ${range.to}::timestamptz - interval '1 microsecond', ${step}, ${tz}) as series(start)`;
    return this.#db
      .select({
        bucketStart: utcText(sql`series.start`),
        bucketLabel: sql<string>`to_char(series.start at time zone ${tz}, 'YYYY-MM-DD"T"HH24:MI')`,
      })
      .from(series)
      .orderBy(sql`series.start`);
  }

  /**
   * Query counts overall, per kind, per bucket (with distinct active users) and per bucket and
   * model, in one pass over the range (`generations_created_at_idx`).
   */
  async usage(range: DashboardRange, { bucket, tz }: Bucketing) {
    const rows = this.#db.$with("rows").as(
      this.#db
        .select({
          userId: generations.userId,
          kind: generations.kind,
          modelId: generations.modelId,
          status: generations.status,
          bucketStart: sql`date_trunc(${bucket}, ${generations.createdAt}, ${tz})`.as(
            "bucket_start",
          ),
        })
        .from(generations)
        .where(inRange(generations.createdAt, range)),
    );
    return this.#db
      .with(rows)
      .select({
        kind: rows.kind,
        modelId: rows.modelId,
        bucketStart: utcText(sql`${rows.bucketStart}`),
        // grouping() is 0 for the columns a set groups by, 1 for those it rolls up.
        isByKind: sql<boolean>`grouping(${rows.kind})::int = 0`,
        isByBucket: sql<boolean>`grouping(${rows.bucketStart})::int = 0`,
        isByModel: sql<boolean>`grouping(${rows.modelId})::int = 0`,
        ...statusCounts(rows.status),
        activeUsers: sql<number>`count(distinct ${rows.userId})::int`,
      })
      .from(rows)
      .groupBy(
        sql`grouping sets ((), (${rows.kind}), (${rows.bucketStart}), (${rows.bucketStart}, ${rows.modelId}))`,
      );
  }

  /** Per model: counts, latency and time-to-first-token percentiles, tokens per second. */
  async modelPerformance(range: DashboardRange): Promise<ModelPerformance[]> {
    const isTimed = sql`${generations.status} = 'completed' and ${generations.durationMs} > 0`;
    return this.#db
      .select({
        model: generations.modelId,
        ...statusCounts(generations.status),
        latencyP50: percentile(0.5, generations.durationMs),
        latencyP95: percentile(0.95, generations.durationMs),
        ttftP50: percentile(0.5, generations.timeToFirstTokenMs),
        ttftP95: percentile(0.95, generations.timeToFirstTokenMs),
        tokensPerSecond: sql<
          number | null
        >`(sum(${generations.completionTokens}) filter (where ${isTimed} and ${generations.completionTokens} is not null))::float8 * 1000 / nullif(sum(${generations.durationMs}) filter (where ${isTimed} and ${generations.completionTokens} is not null), 0)`,
      })
      .from(generations)
      .where(inRange(generations.createdAt, range))
      .groupBy(generations.modelId);
  }

  /** Distinct users with a query in [since, to) for each `since`, in one scan of the widest. */
  async activeUsersSince(to: Date, since: { last24h: Date; last7d: Date; last30d: Date }) {
    const oldest = new Date(
      Math.min(since.last24h.getTime(), since.last7d.getTime(), since.last30d.getTime()),
    );
    const distinctSince = (start: Date) =>
      sql<number>`(count(distinct ${generations.userId}) filter (where ${generations.createdAt} >= ${start}))::int`;
    const [row] = await this.#db
      .select({
        last24h: distinctSince(since.last24h),
        last7d: distinctSince(since.last7d),
        last30d: distinctSince(since.last30d),
      })
      .from(generations)
      .where(inRange(generations.createdAt, { from: oldest, to }));
    return row ?? { last24h: 0, last7d: 0, last30d: 0 };
  }

  /** Accounts created in the range, overall (bucketStart null) and per bucket. */
  async newUsers(range: DashboardRange, { bucket, tz }: Bucketing) {
    const bucketStart = sql`date_trunc(${bucket}, ${users.createdAt}, ${tz})`;
    const rows = this.#db.$with("rows").as(
      this.#db
        .select({ bucketStart: bucketStart.as("bucket_start") })
        .from(users)
        .where(inRange(users.createdAt, range)),
    );
    return this.#db
      .with(rows)
      .select({
        bucketStart: sql<string | null>`${utcText(sql`${rows.bucketStart}`)}`,
        newUsers: countInt(),
      })
      .from(rows)
      .groupBy(sql`grouping sets ((), (${rows.bucketStart}))`);
  }

  /**
   * Feedback given in the range: overall, per rating, per bucket and per model of the rated
   * answer (the join is one primary-key lookup per feedback row).
   */
  async feedback(range: DashboardRange, { bucket, tz }: Bucketing) {
    const rows = this.#db.$with("rows").as(
      this.#db
        .select({
          rating: feedback.rating,
          compound: feedback.sentimentCompound,
          label: feedback.sentimentLabel,
          modelId: generations.modelId,
          bucketStart: sql`date_trunc(${bucket}, ${feedback.createdAt}, ${tz})`.as("bucket_start"),
        })
        .from(feedback)
        .innerJoin(generations, sql`${generations.id} = ${feedback.generationId}`)
        .where(inRange(feedback.createdAt, range)),
    );
    return this.#db
      .with(rows)
      .select({
        rating: rows.rating,
        modelId: rows.modelId,
        bucketStart: utcText(sql`${rows.bucketStart}`),
        isByRating: sql<boolean>`grouping(${rows.rating})::int = 0`,
        isByBucket: sql<boolean>`grouping(${rows.bucketStart})::int = 0`,
        isByModel: sql<boolean>`grouping(${rows.modelId})::int = 0`,
        ratings: countInt(),
        averageRating: sql<number | null>`avg(${rows.rating})::float8`,
        comments: sql<number>`count(${rows.compound})::int`,
        sentimentMean: sql<number | null>`avg(${rows.compound})::float8`,
        positive: countInt(sql`${rows.label} = 'positive'`),
        neutral: countInt(sql`${rows.label} = 'neutral'`),
        negative: countInt(sql`${rows.label} = 'negative'`),
      })
      .from(rows)
      .groupBy(sql`grouping sets ((), (${rows.rating}), (${rows.bucketStart}), (${rows.modelId}))`);
  }
}

function inRange(column: AnyColumn, range: DashboardRange) {
  return and(gte(column, range.from), lt(column, range.to));
}

function statusCounts(status: SQLWrapper) {
  return {
    queries: countInt(),
    completed: countInt(sql`${status} = 'completed'`),
    failed: countInt(sql`${status} = 'failed'`),
    cancelled: countInt(sql`${status} = 'cancelled'`),
  };
}

/** The continuous percentile of a column over completed answers (null when there are none). */
function percentile(fraction: number, column: AnyColumn) {
  return sql<
    number | null
  >`percentile_cont(${sql.raw(String(fraction))}) within group (order by ${column}) filter (where ${generations.status} = 'completed')`;
}
