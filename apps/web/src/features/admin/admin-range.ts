/** A time bucket of the admin charts. */
export type Bucket = "hour" | "day" | "week";

/** The ranges the admin page offers, counted back from now. */
export const RANGE_PRESETS = {
  "24h": { label: "Last 24 hours", hours: 24, defaultBucket: "hour" },
  "7d": { label: "Last 7 days", hours: 7 * 24, defaultBucket: "day" },
  "30d": { label: "Last 30 days", hours: 30 * 24, defaultBucket: "day" },
  "90d": { label: "Last 90 days", hours: 90 * 24, defaultBucket: "week" },
  "365d": { label: "Last 12 months", hours: 365 * 24, defaultBucket: "week" },
} as const satisfies Record<string, { label: string; hours: number; defaultBucket: Bucket }>;

/** The key of a range preset, e.g. "7d". */
export type RangePreset = keyof typeof RANGE_PRESETS;

/** The range and bucket chosen for Overview, Feedback and Quality (kept in the URL). */
export interface AdminRange {
  preset: RangePreset;
  bucket: Bucket;
}

/** What the page shows when the URL says nothing (or nonsense). */
export const DEFAULT_RANGE: AdminRange = { preset: "7d", bucket: "day" };

const BUCKETS: readonly Bucket[] = ["hour", "day", "week"];

function isPreset(value: string | null): value is RangePreset {
  return value !== null && Object.hasOwn(RANGE_PRESETS, value);
}

function isBucket(value: string | null): value is Bucket {
  return BUCKETS.some((bucket) => bucket === value);
}

/** The range in the URL's `range` and `bucket` parameters; unknown values fall back to defaults. */
export function readRange(params: URLSearchParams): AdminRange {
  const preset = params.get("range");
  const bucket = params.get("bucket");
  const chosenPreset = isPreset(preset) ? preset : DEFAULT_RANGE.preset;
  return {
    preset: chosenPreset,
    bucket: isBucket(bucket) ? bucket : RANGE_PRESETS[chosenPreset].defaultBucket,
  };
}

/**
 * The `from` and `to` of a range as ISO instants, counted back from `now`. Computed when a request
 * is sent (not when the range is chosen), so a live refresh always covers the latest minutes.
 */
export function rangeBounds(preset: RangePreset, now = new Date()): { from: string; to: string } {
  const from = new Date(now.getTime() - RANGE_PRESETS[preset].hours * 3_600_000);
  return { from: from.toISOString(), to: now.toISOString() };
}

/** The browser's IANA time zone (e.g. "Europe/Berlin"), so days are counted as the admin sees them. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
