/** Whole numbers with the browser's separators, e.g. 12 345; "–" for none. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : Math.round(value).toLocaleString();
}

/** A 0…1 rate as a percentage with one decimal, e.g. "87.5 %"; "–" when nothing was measured. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "–" : `${(rate * 100).toFixed(1)} %`;
}

/** A number with `digits` decimals; "–" for none. */
export function formatDecimal(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? "–" : value.toFixed(digits);
}

/** Milliseconds as "850 ms" or "2.4 s"; "–" for none. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** An ISO instant in the browser's locale and time zone; "never" for null. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : "never";
}

/** The label of a chart bucket starting at `iso`: the hour for hourly buckets, else the date. */
export function formatBucket(iso: string, bucket: "hour" | "day" | "week"): string {
  const date = new Date(iso);
  if (bucket === "hour") {
    return date.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit" });
  }
  return date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

/**
 * The label of a metrics bucket from its wall-time start in the admin's zone (`2025-06-02T14:00`):
 * "Jun 2, 14:00" for hours, "Jun 2" for days and weeks. Read as wall time, so no zone shifts it.
 */
export function formatBucketLabel(label: string, bucket: "hour" | "day" | "week"): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(label);
  if (!match) return label;
  const [, year, month, day, hour, minute] = match.map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour, minute));
  const options: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", timeZone: "UTC" };
  if (bucket === "hour") Object.assign(options, { hour: "2-digit", minute: "2-digit" });
  return date.toLocaleString(undefined, options);
}

/** A mean VADER compound with its sign, e.g. "+0.42" or "−0.10"; "–" without comments. */
export function formatSentimentMean(mean: number | null | undefined): string {
  if (mean === null || mean === undefined) return "–";
  const rounded = mean.toFixed(2);
  return mean > 0 ? `+${rounded}` : rounded.replace("-", "−");
}
