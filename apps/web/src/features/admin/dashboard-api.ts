import {
  type TAdminFeedbackResponse,
  type TAdminSearchResponse,
  type TAdminSearchType,
  type TMetricsResponse,
  type TWordCloudResponse,
  ZAdminFeedbackResponse,
  ZAdminSearchResponse,
  ZMetricsResponse,
  ZWordCloudResponse,
} from "@codegenie/shared";
import { fetchJson } from "../../lib/api/fetch-json";
import { withQuery } from "./admin-api";
import { type AdminRange, browserTimeZone, rangeBounds } from "./admin-range";

/** `GET /api/admin/metrics` for the range, bucketed in the browser's time zone. */
export function fetchMetrics(range: AdminRange, signal?: AbortSignal): Promise<TMetricsResponse> {
  const url = withQuery("/api/admin/metrics", {
    ...rangeBounds(range.preset),
    bucket: range.bucket,
    tz: browserTimeZone(),
  });
  return fetchJson(url, ZMetricsResponse, { signal });
}

/** `GET /api/admin/wordcloud`: the top terms of comments in the range (of one sentiment if set). */
export function fetchWordCloud(
  range: AdminRange,
  sentiment: "negative" | undefined,
  signal?: AbortSignal,
): Promise<TWordCloudResponse> {
  const url = withQuery("/api/admin/wordcloud", {
    ...rangeBounds(range.preset),
    sentiment,
    limit: 80,
  });
  return fetchJson(url, ZWordCloudResponse, { signal });
}

/** Filters of the feedback table (besides the range). */
export interface FeedbackFilters {
  rating?: number;
  sentiment?: "positive" | "neutral" | "negative";
  model?: string;
  /** A word-cloud term: comments containing it. */
  word?: string;
  page: number;
  pageSize: number;
}

/** `GET /api/admin/feedback`: one page of the feedback table, newest first. */
export function fetchAdminFeedback(
  range: AdminRange,
  filters: FeedbackFilters,
  signal?: AbortSignal,
): Promise<TAdminFeedbackResponse> {
  const url = withQuery("/api/admin/feedback", { ...rangeBounds(range.preset), ...filters });
  return fetchJson(url, ZAdminFeedbackResponse, { signal });
}

/** `GET /api/admin/search`: one page of each requested type's results. */
export function fetchAdminSearch(
  q: string,
  types: readonly TAdminSearchType[],
  page: number,
  signal?: AbortSignal,
): Promise<TAdminSearchResponse> {
  const url = withQuery("/api/admin/search", { q, types: types.join(","), page, pageSize: 10 });
  return fetchJson(url, ZAdminSearchResponse, { signal });
}
