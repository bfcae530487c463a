import { z } from "zod";
import { ZPageQuery } from "./profile";

/** The widest range the dashboard answers, in days (a leap year). */
export const DASHBOARD_MAX_RANGE_DAYS = 366;
/** The range the dashboard covers when `from` is left out, in days before `to`. */
export const DASHBOARD_DEFAULT_RANGE_DAYS = 30;
/** The most time buckets one metrics answer may have (e.g. 41 days by hour); ask a larger bucket. */
export const METRICS_MAX_BUCKETS = 1000;
/** The most words the word cloud returns. */
export const WORD_CLOUD_MAX_LIMIT = 500;

const ZTimestamp = z.iso.datetime({ offset: true });
const ZSentimentLabel = z.enum(["positive", "neutral", "negative"]);

/**
 * True for an IANA time-zone name the runtime knows (`Europe/Berlin`, `UTC`, `Etc/GMT+3`).
 * Offsets (`+02:00`) and POSIX strings (`UTC+3`, whose sign PostgreSQL reads backwards) are
 * refused so the database never sees a zone it would read differently.
 */
export function isTimeZoneName(name: string): boolean {
  if (name.length > 64 || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  if (/^(UTC|GMT)[+-]/i.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A time range [from, to) as ISO 8601 timestamps: `to` defaults to now, `from` to 30 days before. */
export const ZDashboardRangeQuery = z.object({
  from: ZTimestamp.optional(),
  to: ZTimestamp.optional(),
});

/** How metrics are grouped over time: hour, day or week (weeks start on Monday). */
export const ZMetricsBucket = z.enum(["hour", "day", "week"]);
export type TMetricsBucket = z.infer<typeof ZMetricsBucket>;

/**
 * `GET /api/admin/metrics?from&to&bucket&tz`: `tz` is the IANA time zone whose hours, days and
 * weeks the buckets follow (default UTC), so "a day" is the admin's day.
 */
export const ZMetricsQuery = ZDashboardRangeQuery.extend({
  bucket: ZMetricsBucket.default("day"),
  tz: z
    .string()
    .refine(isTimeZoneName, "must be an IANA time zone such as Europe/Berlin")
    .default("UTC"),
});
export type TMetricsQuery = z.infer<typeof ZMetricsQuery>;

/**
 * A 50th and 95th percentile; null when there is nothing to measure. Exact (continuous,
 * interpolated) up to 5 000 completed answers in the range; beyond, read from logarithmic bins
 * about 3 % wide, so within a few per cent.
 */
export const ZPercentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });

/** One model's usage and performance in the range. */
export const ZModelMetrics = z.object({
  model: z.string(),
  /** Every query (history row) of the model, whatever its status. */
  queries: z.int(),
  completed: z.int(),
  failed: z.int(),
  cancelled: z.int(),
  /** Duration of completed answers, in milliseconds. */
  latencyMs: ZPercentiles,
  /** Time to the first token of completed answers, in milliseconds. */
  timeToFirstTokenMs: ZPercentiles,
  /** Sum of completion tokens ÷ sum of durations of completed answers; null without any. */
  tokensPerSecond: z.number().nullable(),
  /** Feedback given in the range on this model's answers. */
  ratings: z.int(),
  averageRating: z.number().nullable(),
});
export type TModelMetrics = z.infer<typeof ZModelMetrics>;

/** Counts of comments by sentiment label, with the mean VADER compound (−1…+1; null without any). */
export const ZSentimentSplit = z.object({
  /** Feedback with a comment (only comments are scored). */
  comments: z.int(),
  mean: z.number().nullable(),
  positive: z.int(),
  neutral: z.int(),
  negative: z.int(),
});

/** One time bucket; every bucket of the range is present, empty ones with zeros. */
export const ZMetricsBucketRow = z.object({
  /** The bucket's first instant (UTC). */
  bucketStart: ZTimestamp,
  /** Its start as wall time in `tz`, `YYYY-MM-DDTHH:mm` (e.g. `2025-06-02T00:00`), for labels. */
  bucketLabel: z.string(),
  queries: z.int(),
  failed: z.int(),
  /** Queries per model (models without queries in the bucket are absent). */
  queriesByModel: z.record(z.string(), z.int()),
  /** Distinct users with a query in the bucket. */
  activeUsers: z.int(),
  /** Accounts created in the bucket. */
  newUsers: z.int(),
  ratings: z.int(),
  averageRating: z.number().nullable(),
  sentiment: ZSentimentSplit,
});
export type TMetricsBucketRow = z.infer<typeof ZMetricsBucketRow>;

/**
 * `GET /api/admin/metrics`: usage, performance per model, ratings and sentiment for queries
 * (history rows) and feedback created in [from, to), and accounts created in it.
 */
export const ZMetricsResponse = z.object({
  from: ZTimestamp,
  to: ZTimestamp,
  bucket: ZMetricsBucket,
  tz: z.string(),
  queries: z.object({
    total: z.int(),
    completed: z.int(),
    failed: z.int(),
    cancelled: z.int(),
    byKind: z.object({ generate: z.int(), explain: z.int() }),
  }),
  /** Distinct users with a query in the 24 hours, 7 days and 30 days before `to`. */
  activeUsers: z.object({ last24h: z.int(), last7d: z.int(), last30d: z.int() }),
  /** Accounts created in the range. */
  newUsers: z.int(),
  /** Most queries first. */
  models: z.array(ZModelMetrics),
  ratings: z.object({
    count: z.int(),
    average: z.number().nullable(),
    /** Always five entries, rating 1 to 5. */
    distribution: z.array(z.object({ rating: z.int().min(1).max(5), count: z.int() })),
  }),
  sentiment: ZSentimentSplit,
  overTime: z.array(ZMetricsBucketRow),
});
export type TMetricsResponse = z.infer<typeof ZMetricsResponse>;

/**
 * `GET /api/admin/wordcloud?from&to&sentiment&limit`: the terms of feedback comments created in
 * [from, to), optionally only of comments with one sentiment label (`negative` for complaints).
 */
export const ZWordCloudQuery = ZDashboardRangeQuery.extend({
  sentiment: ZSentimentLabel.optional(),
  limit: z.coerce.number().int().min(1).max(WORD_CLOUD_MAX_LIMIT).default(100),
});
export type TWordCloudQuery = z.infer<typeof ZWordCloudQuery>;

/** A term: `count` comments contain it; `sentimentMean` is their mean VADER compound. */
export const ZWordCloudTerm = z.object({
  term: z.string(),
  count: z.int(),
  sentimentMean: z.number(),
});
export type TWordCloudTerm = z.infer<typeof ZWordCloudTerm>;

/** The most frequent terms first (ties alphabetical). */
export const ZWordCloudResponse = z.object({
  from: ZTimestamp,
  to: ZTimestamp,
  sentiment: ZSentimentLabel.nullable(),
  /** Comments looked at (in the range and of the label). */
  comments: z.int(),
  terms: z.array(ZWordCloudTerm),
});
export type TWordCloudResponse = z.infer<typeof ZWordCloudResponse>;

/**
 * `GET /api/admin/feedback?from&to&rating&sentiment&word&model&page&pageSize`: the feedback
 * table. `word` keeps comments containing the term the way the word cloud counts it
 * (case, plural and punctuation do not matter: `Errors` finds "error!").
 */
export const ZAdminFeedbackQuery = ZPageQuery.extend(ZDashboardRangeQuery.shape).extend({
  rating: z.coerce.number().int().min(1).max(5).optional(),
  sentiment: ZSentimentLabel.optional(),
  word: z.string().trim().min(1).max(100).optional(),
  model: z.string().trim().min(1).max(200).optional(),
});
export type TAdminFeedbackQuery = z.infer<typeof ZAdminFeedbackQuery>;

/** A feedback row with who gave it and on which answer (`queryId`, the history item). */
export const ZAdminFeedbackItem = z.object({
  id: z.uuid(),
  queryId: z.uuid(),
  rating: z.int().min(1).max(5),
  comment: z.string().nullable(),
  /** Null without a comment. */
  sentiment: z.object({ label: ZSentimentLabel, compound: z.number() }).nullable(),
  user: z.object({ id: z.uuid(), username: z.string() }),
  model: z.string(),
  kind: z.enum(["generate", "explain"]),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TAdminFeedbackItem = z.infer<typeof ZAdminFeedbackItem>;

/** Newest first; `total` counts every row that matches the filters. */
export const ZAdminFeedbackResponse = z.object({
  feedback: z.array(ZAdminFeedbackItem),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
});
export type TAdminFeedbackResponse = z.infer<typeof ZAdminFeedbackResponse>;
