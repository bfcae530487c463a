import type { THistoryItem, TQueryKind, TQueryStatus } from "@codegenie/shared";
import { EXPLAIN_STYLE_INFO } from "../explain/explain-styles";
import { LANGUAGE_LABELS } from "../explain/language-labels";

/** How each status is named in the list; a cancelled answer was stopped by its user. */
export const STATUS_LABELS: Record<TQueryStatus, string> = {
  running: "Running",
  completed: "Completed",
  cancelled: "Stopped",
  failed: "Failed",
};

/** Mantine colours of the status badges. */
export const STATUS_COLORS: Record<TQueryStatus, string> = {
  running: "blue",
  completed: "green",
  cancelled: "orange",
  failed: "red",
};

/** How each kind of row is named. */
export const KIND_LABELS: Record<TQueryKind, string> = {
  generate: "Generate",
  explain: "Explain",
};

/** The longest preview shown in the list, in characters. */
export const PREVIEW_MAX_CHARS = 160;

/** Text squeezed onto one line and cut at `maxChars` with an ellipsis. */
export function preview(text: string, maxChars = PREVIEW_MAX_CHARS): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= maxChars ? oneLine : `${oneLine.slice(0, maxChars - 1).trimEnd()}…`;
}

/**
 * The row's language and style in words, e.g. "Python · Step-by-step"; "auto" is left out, as it
 * says nothing about the row.
 */
export function describeLanguageAndStyle(item: Pick<THistoryItem, "language" | "style">): string {
  const parts: string[] = [];
  if (item.language && item.language !== "auto") parts.push(LANGUAGE_LABELS[item.language]);
  if (item.style) parts.push(EXPLAIN_STYLE_INFO[item.style].label);
  return parts.join(" · ");
}

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A timestamp from the API in the reader's locale and time zone, e.g. "12 Mar 2026, 14:05". */
export function formatDateTime(isoTimestamp: string): string {
  return DATE_FORMAT.format(new Date(isoTimestamp));
}
