import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../errors";

/**
 * Where the next page starts: the sort timestamp and id of the last row of the page before.
 * `at` keeps the database's microseconds (a JavaScript Date would cut them to milliseconds and
 * skip or repeat rows), so it travels as text and goes back to SQL as `timestamptz`.
 */
export interface PageCursor {
  /** ISO 8601 in UTC with microseconds, e.g. `2025-01-02T03:04:05.678901Z`. */
  at: string;
  id: string;
}

const ZPageCursor = z.object({ at: z.iso.datetime(), id: z.uuid() });

/** The opaque `nextCursor` text for a position. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ at: cursor.at, id: cursor.id })).toString("base64url");
}

/** The position a `cursor` parameter names; 400 `request.invalid` when it is not one of ours. */
export function decodeCursor(text: string): PageCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  const parsed = ZPageCursor.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      "request.invalid",
      "The cursor is not valid; start again from the first page.",
    );
  }
  return parsed.data;
}

/** A timestamp column as cursor text: UTC, microseconds (see {@link PageCursor}). */
export function cursorTimestamp(column: AnyColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
