import {
  METRICS_MAX_BUCKETS,
  type TMetricsBucket,
  type TMetricsBucketRow,
  type TMetricsQuery,
  type TMetricsResponse,
} from "@codegenie/shared";
import { AppError } from "../errors";
import { type DashboardRange, resolveRange } from "./dashboard-range";
import type { Bucketing, FeedbackCounts, MetricsRepository } from "./metrics.repository";

const HOUR_MS = 60 * 60 * 1000;
const BUCKET_MS: Record<TMetricsBucket, number> = {
  hour: HOUR_MS,
  day: 24 * HOUR_MS,
  week: 7 * 24 * HOUR_MS,
};

const NO_FEEDBACK: FeedbackCounts = {
  ratings: 0,
  averageRating: null,
  comments: 0,
  sentimentMean: null,
  positive: 0,
  neutral: 0,
  negative: 0,
};

/** Usage, model performance, ratings and sentiment for the admin dashboard. */
export class MetricsService {
  readonly #repository: MetricsRepository;

  constructor(repository: MetricsRepository) {
    this.#repository = repository;
  }

  /**
   * The metrics of [from, to) by `bucket` in `tz` (see ZMetricsResponse). 400 `request.invalid`
   * for a bad range or more than {@link METRICS_MAX_BUCKETS} buckets.
   */
  async report(query: TMetricsQuery, now = new Date()): Promise<TMetricsResponse> {
    const range = resolveRange(query, now);
    const bucketing: Bucketing = { bucket: query.bucket, tz: query.tz };
    assertBucketCount(range, query.bucket);
    const to = range.to.getTime();
    const [buckets, usage, activePerBucket, models, activeUsers, newUsers, feedback] =
      await Promise.all([
        this.#repository.bucketStarts(range, bucketing),
        this.#repository.usage(range, bucketing),
        this.#repository.activeUsersPerBucket(range, bucketing),
        this.#repository.modelPerformance(range, query.tz),
        this.#repository.activeUsersSince(range.to, {
          last24h: new Date(to - 24 * HOUR_MS),
          last7d: new Date(to - 7 * 24 * HOUR_MS),
          last30d: new Date(to - 30 * 24 * HOUR_MS),
        }),
        this.#repository.newUsers(range, bucketing),
        this.#repository.feedback(range, bucketing),
      ]);

    const overTime = new Map<string, TMetricsBucketRow>();
    for (const { bucketStart, bucketLabel } of buckets) {
      overTime.set(bucketStart, {
        bucketStart: new Date(bucketStart).toISOString(),
        bucketLabel,
        queries: 0,
        failed: 0,
        queriesByModel: {},
        activeUsers: 0,
        newUsers: 0,
        ...presentFeedback(NO_FEEDBACK),
      });
    }
    const totals = { total: 0, completed: 0, failed: 0, cancelled: 0 };
    const byKind = { generate: 0, explain: 0 };
    for (const group of usage) {
      const row = overTime.get(group.bucketStart);
      if (group.isByBucket && group.isByModel) {
        if (row) row.queriesByModel[group.modelId] = group.queries;
      } else if (group.isByBucket) {
        if (row) Object.assign(row, { queries: group.queries, failed: group.failed });
      } else if (group.isByKind) {
        if (group.kind === "generate" || group.kind === "explain")
          byKind[group.kind] = group.queries;
      } else {
        Object.assign(totals, {
          total: group.queries,
          completed: group.completed,
          failed: group.failed,
          cancelled: group.cancelled,
        });
      }
    }
    for (const { bucketStart, activeUsers } of activePerBucket) {
      const row = overTime.get(bucketStart);
      if (row) row.activeUsers = activeUsers;
    }
    let newUsersTotal = 0;
    for (const group of newUsers) {
      if (group.bucketStart === null) newUsersTotal = group.newUsers;
      else {
        const row = overTime.get(group.bucketStart);
        if (row) row.newUsers = group.newUsers;
      }
    }

    let overallFeedback = NO_FEEDBACK;
    const ratingCounts = new Map<number, number>();
    const feedbackByModel = new Map<string, FeedbackCounts>();
    for (const {
      rating,
      modelId,
      bucketStart,
      isByRating,
      isByBucket,
      isByModel,
      ...counts
    } of feedback) {
      if (isByRating) ratingCounts.set(rating, counts.ratings);
      else if (isByModel) feedbackByModel.set(modelId, counts);
      else if (isByBucket) {
        const row = overTime.get(bucketStart);
        if (row) Object.assign(row, presentFeedback(counts));
      } else overallFeedback = counts;
    }

    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      bucket: query.bucket,
      tz: query.tz,
      queries: { ...totals, byKind },
      activeUsers,
      newUsers: newUsersTotal,
      models: models
        .map((model) => {
          const rated = feedbackByModel.get(model.model) ?? NO_FEEDBACK;
          return {
            model: model.model,
            queries: model.queries,
            completed: model.completed,
            failed: model.failed,
            cancelled: model.cancelled,
            latencyMs: { p50: model.latencyP50, p95: model.latencyP95 },
            timeToFirstTokenMs: { p50: model.ttftP50, p95: model.ttftP95 },
            tokensPerSecond: model.tokensPerSecond,
            ratings: rated.ratings,
            averageRating: rated.averageRating,
          };
        })
        .sort((a, b) => b.queries - a.queries || a.model.localeCompare(b.model)),
      ratings: {
        count: overallFeedback.ratings,
        average: overallFeedback.averageRating,
        distribution: [1, 2, 3, 4, 5].map((rating) => ({
          rating,
          count: ratingCounts.get(rating) ?? 0,
        })),
      },
      sentiment: presentFeedback(overallFeedback).sentiment,
      overTime: [...overTime.values()],
    };
  }
}

/** 400 when the range would have more buckets than an answer may hold. */
function assertBucketCount({ from, to }: DashboardRange, bucket: TMetricsBucket): void {
  // +2: a partial first and last bucket (a day in a zone may be 23 or 25 hours: still ≤ 2 more).
  const buckets = Math.ceil((to.getTime() - from.getTime()) / BUCKET_MS[bucket]) + 2;
  if (buckets > METRICS_MAX_BUCKETS) {
    throw new AppError(
      "request.invalid",
      `This range has too many ${bucket} buckets (at most ${METRICS_MAX_BUCKETS}); choose a larger bucket or a shorter range.`,
      { bucket, from: from.toISOString(), to: to.toISOString() },
    );
  }
}

function presentFeedback(counts: FeedbackCounts) {
  return {
    ratings: counts.ratings,
    averageRating: counts.averageRating,
    sentiment: {
      comments: counts.comments,
      mean: counts.sentimentMean,
      positive: counts.positive,
      neutral: counts.neutral,
      negative: counts.negative,
    },
  };
}
