import type { TMetricsBucket } from "@codegenie/shared";
import { type AnyColumn, and, eq, gte, lt, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import {
  activityHourly,
  feedback,
  feedbackHourly,
  generations,
  latencyDaily,
  usageHourly,
  users,
} from "../db/schema";
import type { DashboardRange } from "./dashboard-range";
import { DAY_MS, HOUR_MS, hourlyRollupSpan, outsideRollup, wholeUnits } from "./rollup-span";

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

/** `latency_daily` bins per factor e: bin b holds values near e^(b/32), ~3 % apart. */
const BINS_PER_E = 32;

/** Latency and time-to-first-token percentiles of one model (null without answers). */
type Percentiles = Pick<ModelPerformance, "latencyP50" | "latencyP95" | "ttftP50" | "ttftP95">;

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
  readonly #exactPercentileLimit: number;

  /** `exactPercentileLimit`: up to this many completed answers, percentiles are exact. */
  constructor(db: Database, { exactPercentileLimit = 5_000 } = {}) {
    this.#db = db;
    this.#exactPercentileLimit = exactPercentileLimit;
  }

  /** Every bucket start that overlaps [from, to), as UTC text, with its wall-time label in `tz`. */
  async bucketStarts(range: DashboardRange, { bucket, tz }: Bucketing) {
    const step = sql`(${`1 ${bucket}`})::interval`;
    const first = sql`date_trunc(${bucket}, ${range.from}::timestamptz, ${tz})`;
    const last = sql`(${range.to}::timestamptz - interval '1 microsecond')`;
    // PostgreSQL 15 has no generate_series(…, time zone): hours step in absolute time, days and
    // weeks in the zone's wall-clock time (a day across a daylight-saving change is 23 or 25 h).
    const series =
      bucket === "hour"
        ? sql`generate_series(${first}, ${last}, ${step}) as series(start)`
        : sql`(select local_start at time zone ${tz} as start from generate_series(${first} at time zone ${tz}, ${last} at time zone ${tz}, ${step}) as local(local_start)) as series`;
    return this.#db
      .select({
        bucketStart: utcText(sql`series.start`),
        bucketLabel: sql<string>`to_char(series.start at time zone ${tz}, 'YYYY-MM-DD"T"HH24:MI')`,
      })
      .from(series)
      .orderBy(sql`series.start`);
  }

  /**
   * Query counts overall, per kind, per bucket and per bucket and model, from the hourly rollup
   * (see {@link usageRows}).
   */
  async usage(range: DashboardRange, { bucket, tz }: Bucketing) {
    const rows = this.#usageRows(range, { bucket, tz });
    const bucketStart = sql`${rows.bucketStart}`;
    return this.#db
      .with(rows)
      .select({
        kind: rows.kind,
        modelId: rows.modelId,
        bucketStart: utcText(bucketStart),
        // grouping() is 0 for the columns a set groups by, 1 for those it rolls up.
        isByKind: sql<boolean>`grouping(${rows.kind})::int = 0`,
        isByBucket: sql<boolean>`grouping(${bucketStart})::int = 0`,
        isByModel: sql<boolean>`grouping(${rows.modelId})::int = 0`,
        ...statusSums(rows.status, rows.queries),
      })
      .from(rows)
      .groupBy(
        sql`grouping sets ((), (${rows.kind}), (${bucketStart}), (${bucketStart}, ${rows.modelId}))`,
      );
  }

  /**
   * Distinct users with a query in each bucket: whole hours from `activity_hourly` (one row per
   * user and hour), the partial hours at the range's ends from the history rows.
   */
  async activeUsersPerBucket(range: DashboardRange, { bucket, tz }: Bucketing) {
    const { useRollup, wholeFrom, wholeTo } = hourlyRollupSpan(range, tz);
    const source = useRollup
      ? activityRows(
          [{ from: wholeFrom, to: wholeTo }],
          [
            { from: range.from, to: wholeFrom },
            { from: wholeTo, to: range.to },
          ],
        )
      : activityRows([], [range]);
    // Distinct (bucket, user) pairs first, then counted: a hash aggregate, where
    // count(distinct …) per group would sort every row.
    return this.#db
      .select({
        bucketStart: utcText(sql`bucket_start`),
        activeUsers: sql<number>`count(*)::int`,
      })
      .from(
        sql`(select distinct date_trunc(${bucket}, at, ${tz}) as bucket_start, user_id from (${source}) as activity) as bucket_users`,
      )
      .groupBy(sql`bucket_start`);
  }

  /**
   * Per model: counts and tokens per second from the rollup; latency and time-to-first-token
   * percentiles exact from the completed answers when the range has at most
   * `exactPercentileLimit` of them, else from the `latency_daily` bins (a few per cent off at most):
   * percentiles do not add up, and sorting a month of answers took ~1 s on a million rows.
   */
  async modelPerformance(range: DashboardRange, tz: string): Promise<ModelPerformance[]> {
    const rows = this.#usageRows(range, { bucket: "day", tz });
    const counts = await this.#db
      .with(rows)
      .select({
        model: rows.modelId,
        ...statusSums(rows.status, rows.queries),
        tokensPerSecond: sql<
          number | null
        >`sum(${rows.timedTokens})::float8 * 1000 / nullif(sum(${rows.timedMs}), 0)`,
      })
      .from(rows)
      .groupBy(rows.modelId);
    const completed = counts.reduce((sum, row) => sum + row.completed, 0);
    const percentiles =
      completed <= this.#exactPercentileLimit
        ? await this.#exactPercentiles(range)
        : await this.#binnedPercentiles(range);
    return counts.map((row) => ({
      ...row,
      latencyP50: null,
      latencyP95: null,
      ttftP50: null,
      ttftP95: null,
      ...percentiles.get(row.model),
    }));
  }

  async #exactPercentiles(range: DashboardRange): Promise<Map<string, Percentiles>> {
    const rows = await this.#db
      .select({
        model: generations.modelId,
        latencyP50: percentile(0.5, generations.durationMs),
        latencyP95: percentile(0.95, generations.durationMs),
        ttftP50: percentile(0.5, generations.timeToFirstTokenMs),
        ttftP95: percentile(0.95, generations.timeToFirstTokenMs),
      })
      .from(generations)
      .where(and(inRange(generations.createdAt, range), eq(generations.status, "completed")))
      .groupBy(generations.modelId);
    return new Map(rows.map(({ model, ...values }) => [model, values]));
  }

  /**
   * Percentiles from histogram bins: the whole UTC days of the range from `latency_daily`, the
   * partial days at its ends binned from the raw rows the same way. Only bins come back.
   */
  async #binnedPercentiles(range: DashboardRange): Promise<Map<string, Percentiles>> {
    const span = wholeUnits(range, DAY_MS);
    const rawBins = (where: SQL) => sql`select g.model_id, m.metric,
        round(ln(greatest(m.value, 1)) * ${sql.raw(String(BINS_PER_E))})::smallint as bin, 1 as answers
      from ${generations} as g
      cross join lateral (values ('latency', g.duration_ms), ('ttft', g.time_to_first_token_ms)) as m(metric, value)
      where g.status = 'completed' and m.value is not null and (${where})`;
    const raw = rawBins(outsideRollup(sql`g.created_at`, range, span));
    const source = span.useRollup
      ? sql`select ${latencyDaily.modelId}, ${latencyDaily.metric}, ${latencyDaily.bin}, ${latencyDaily.answers}
          from ${latencyDaily} where ${latencyDaily.day} >= ${span.wholeFrom} and ${latencyDaily.day} < ${span.wholeTo}
        union all ${raw}`
      : raw;
    const bins = await this.#db
      .select({
        model: sql<string>`model_id`,
        metric: sql<string>`metric`,
        bin: sql<number>`bin`,
        answers: sql<number>`sum(answers)::int`,
      })
      .from(sql`(${source}) as bins`)
      .groupBy(sql`1, 2, 3`)
      .orderBy(sql`1, 2, 3`);
    const histograms = new Map<string, { bin: number; answers: number }[]>();
    for (const { model, metric, bin, answers } of bins) {
      const key = `${metric} ${model}`;
      histograms.set(key, [...(histograms.get(key) ?? []), { bin, answers }]);
    }
    const result = new Map<string, Percentiles>();
    for (const model of new Set(bins.map((row) => row.model))) {
      const latency = histograms.get(`latency ${model}`) ?? [];
      const ttft = histograms.get(`ttft ${model}`) ?? [];
      result.set(model, {
        latencyP50: binnedPercentile(latency, 0.5),
        latencyP95: binnedPercentile(latency, 0.95),
        ttftP50: binnedPercentile(ttft, 0.5),
        ttftP95: binnedPercentile(ttft, 0.95),
      });
    }
    return result;
  }

  /**
   * The query counts of the range as (time, model, kind, status, queries, timed tokens, timed ms)
   * rows: whole UTC hours from `usage_hourly`, the partial hours at both ends from `generations`
   * (each raw row counts 1). A zone whose offset is not whole hours (India, Nepal) cuts buckets
   * inside rollup hours: it reads only raw rows.
   */
  #usageRows(range: DashboardRange, { bucket, tz }: Bucketing) {
    const span = hourlyRollupSpan(range, tz);
    const timed = sql`${generations.status} = 'completed' and ${generations.durationMs} > 0 and ${generations.completionTokens} is not null`;
    const raw = sql`select ${generations.createdAt} as at, ${generations.modelId}, ${generations.kind}, ${generations.status}, 1 as queries,
      case when ${timed} then ${generations.completionTokens} else 0 end as timed_tokens,
      case when ${timed} then ${generations.durationMs} else 0 end as timed_ms
      from ${generations} where ${outsideRollup(generations.createdAt, range, span)}`;
    const source = span.useRollup
      ? sql`select ${usageHourly.hour} as at, ${usageHourly.modelId}, ${usageHourly.kind}, ${usageHourly.status}, ${usageHourly.queries}, ${usageHourly.timedTokens}, ${usageHourly.timedMs}
          from ${usageHourly} where ${usageHourly.hour} >= ${span.wholeFrom} and ${usageHourly.hour} < ${span.wholeTo}
        union all ${raw}`
      : raw;
    return this.#db.$with("usage_rows").as(
      this.#db
        .select({
          bucketStart: sql`date_trunc(${bucket}, at, ${tz})`.as("bucket_start"),
          modelId: sql<string>`model_id`.as("model_id"),
          kind: sql<string>`kind`.as("kind"),
          status: sql<string>`status`.as("status"),
          queries: sql<number>`queries`.as("queries"),
          timedTokens: sql<number>`timed_tokens`.as("timed_tokens"),
          timedMs: sql<number>`timed_ms`.as("timed_ms"),
        })
        .from(sql`(${source}) as usage_source`),
    );
  }

  /**
   * Distinct users with a query in [since, to) for each `since`: each user's latest activity, from
   * `activity_hourly` for the whole hours of the widest window and from the history rows for the
   * partial hours — the one at `to` and the one each window starts in (a rollup row stands for
   * its whole hour, so it counts for a window only when the hour starts inside it).
   */
  async activeUsersSince(to: Date, since: { last24h: Date; last7d: Date; last30d: Date }) {
    const starts = [since.last24h, since.last7d, since.last30d];
    const oldest = new Date(Math.min(...starts.map((start) => start.getTime())));
    const { useRollup, wholeFrom, wholeTo } = wholeUnits({ from: oldest, to }, HOUR_MS);
    const source = useRollup
      ? activityRows(
          [{ from: wholeFrom, to: wholeTo }],
          [
            // The partial hour each window starts in (a rollup hour counts only from the next).
            ...starts.map((start) => ({
              from: start,
              to: new Date(Math.min(Math.ceil(start.getTime() / HOUR_MS) * HOUR_MS, to.getTime())),
            })),
            { from: wholeTo, to },
          ],
        )
      : activityRows([], [{ from: oldest, to }]);
    const usersSince = (start: Date) =>
      sql<number>`(count(*) filter (where last_at >= ${start}))::int`;
    const [row] = await this.#db
      .select({
        last24h: usersSince(since.last24h),
        last7d: usersSince(since.last7d),
        last30d: usersSince(since.last30d),
      })
      .from(
        sql`(select user_id, max(at) as last_at from (${source}) as activity group by user_id) as last_queries`,
      );
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
   * answer — whole hours from `feedback_hourly`, partial ones from the feedback rows (which carry
   * their answer's model in `rollup_model_id`), like {@link usageRows}.
   */
  async feedback(range: DashboardRange, { bucket, tz }: Bucketing) {
    const span = hourlyRollupSpan(range, tz);
    const raw = sql`select ${feedback.createdAt} as at, rollup_model_id as model_id,
        ${feedback.rating} as rating, coalesce(${feedback.sentimentLabel}, '') as sentiment_label,
        1 as ratings, (${feedback.sentimentCompound} is not null)::int as comments,
        coalesce(${feedback.sentimentCompound}::float8, 0) as compound_sum
      from ${feedback} where ${outsideRollup(feedback.createdAt, range, span)}`;
    const source = span.useRollup
      ? sql`select ${feedbackHourly.hour} as at, ${feedbackHourly.modelId}, ${feedbackHourly.rating},
            ${feedbackHourly.sentimentLabel}, ${feedbackHourly.ratings}, ${feedbackHourly.comments},
            ${feedbackHourly.compoundSum}
          from ${feedbackHourly} where ${feedbackHourly.hour} >= ${span.wholeFrom} and ${feedbackHourly.hour} < ${span.wholeTo}
        union all ${raw}`
      : raw;
    const rows = this.#db.$with("rows").as(
      this.#db
        .select({
          rating: sql<number>`rating`.as("rating"),
          modelId: sql<string>`model_id`.as("model_id"),
          label: sql<string>`sentiment_label`.as("label"),
          ratings: sql<number>`ratings`.as("ratings"),
          comments: sql<number>`comments`.as("comments"),
          compoundSum: sql<number>`compound_sum`.as("compound_sum"),
          bucketStart: sql`date_trunc(${bucket}, at, ${tz})`.as("bucket_start"),
        })
        .from(sql`(${source}) as feedback_source`),
    );
    const ratingsWith = (label: string) =>
      sql<number>`coalesce(sum(${rows.ratings}) filter (where ${rows.label} = ${label}), 0)::int`;
    return this.#db
      .with(rows)
      .select({
        rating: rows.rating,
        modelId: rows.modelId,
        bucketStart: utcText(sql`${rows.bucketStart}`),
        isByRating: sql<boolean>`grouping(${rows.rating})::int = 0`,
        isByBucket: sql<boolean>`grouping(${rows.bucketStart})::int = 0`,
        isByModel: sql<boolean>`grouping(${rows.modelId})::int = 0`,
        ratings: sql<number>`coalesce(sum(${rows.ratings}), 0)::int`,
        averageRating: sql<
          number | null
        >`sum(${rows.rating} * ${rows.ratings})::float8 / nullif(sum(${rows.ratings}), 0)`,
        comments: sql<number>`coalesce(sum(${rows.comments}), 0)::int`,
        sentimentMean: sql<
          number | null
        >`sum(${rows.compoundSum})::float8 / nullif(sum(${rows.comments}), 0)`,
        positive: ratingsWith("positive"),
        neutral: ratingsWith("neutral"),
        negative: ratingsWith("negative"),
      })
      .from(rows)
      .groupBy(sql`grouping sets ((), (${rows.rating}), (${rows.bucketStart}), (${rows.modelId}))`);
  }
}

function inRange(column: AnyColumn, range: DashboardRange) {
  return and(gte(column, range.from), lt(column, range.to));
}

/** Query counts of rollup-shaped rows, each standing for `queries` queries. */
function statusSums(status: SQLWrapper, queries: SQLWrapper) {
  const sumOf = (condition?: SQL) =>
    condition
      ? sql<number>`coalesce(sum(${queries}) filter (where ${condition}), 0)::int`
      : sql<number>`coalesce(sum(${queries}), 0)::int`;
  return {
    queries: sumOf(),
    completed: sumOf(sql`${status} = 'completed'`),
    failed: sumOf(sql`${status} = 'failed'`),
    cancelled: sumOf(sql`${status} = 'cancelled'`),
  };
}

/**
 * (at, user_id) rows of activity: the `activity_hourly` rows of the `whole` hour spans (at = the
 * hour) and the history rows of the `raw` spans (at = their time); empty spans add nothing.
 */
function activityRows(whole: DashboardRange[], raw: DashboardRange[]): SQL {
  const parts = [
    ...whole
      .filter(({ from, to }) => from < to)
      .map(
        ({ from, to }) =>
          sql`select ${activityHourly.hour} as at, ${activityHourly.userId} as user_id from ${activityHourly} where ${activityHourly.hour} >= ${from} and ${activityHourly.hour} < ${to}`,
      ),
    ...raw
      .filter(({ from, to }) => from < to)
      .map(
        ({ from, to }) =>
          sql`select ${generations.createdAt} as at, ${generations.userId} as user_id from ${generations} where ${generations.userId} is not null and ${inRange(generations.createdAt, { from, to })}`,
      ),
  ];
  if (parts.length === 0)
    return sql`select null::timestamptz as at, null::uuid as user_id where false`;
  return sql.join(parts, sql` union all `);
}

/**
 * The percentile of a histogram like `percentile_cont`: the value at rank fraction × (n − 1),
 * each answer standing at its bin's value e^(bin/32).
 */
function binnedPercentile(bins: { bin: number; answers: number }[], fraction: number) {
  const total = bins.reduce((sum, { answers }) => sum + answers, 0);
  if (total === 0) return null;
  const rank = fraction * (total - 1);
  let seen = 0;
  for (const { bin, answers } of bins) {
    seen += answers;
    if (seen > rank) return Math.round(Math.exp(bin / BINS_PER_E) * 10) / 10;
  }
  return null;
}

/** The continuous percentile of a column (null when there are no rows). */
function percentile(fraction: number, column: AnyColumn) {
  return sql<
    number | null
  >`percentile_cont(${sql.raw(String(fraction))}) within group (order by ${column})`;
}
