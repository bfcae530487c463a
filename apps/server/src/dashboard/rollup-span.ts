import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { DashboardRange } from "./dashboard-range";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * What of a range a rollup answers for: its whole UTC units (hours or days) [wholeFrom, wholeTo).
 * `useRollup` is false when there is none; the raw rows then answer for the whole range.
 */
export interface RollupSpan {
  useRollup: boolean;
  wholeFrom: Date;
  wholeTo: Date;
}

/** The whole UTC units of `unitMs` (an hour or a day) inside the range. */
export function wholeUnits(range: DashboardRange, unitMs: number): RollupSpan {
  const wholeFrom = new Date(Math.ceil(range.from.getTime() / unitMs) * unitMs);
  const wholeTo = new Date(Math.floor(range.to.getTime() / unitMs) * unitMs);
  return { useRollup: wholeFrom < wholeTo, wholeFrom, wholeTo };
}

/**
 * The whole UTC hours of the range for an hourly rollup bucketed in `tz`; none when `tz` is not a
 * whole number of hours from UTC (India, Nepal): its buckets cut rollup hours in two.
 */
export function hourlyRollupSpan(range: DashboardRange, tz: string): RollupSpan {
  const span = wholeUnits(range, HOUR_MS);
  return { ...span, useRollup: span.useRollup && hasWholeHourOffsets(tz, range) };
}

/**
 * The condition on a raw row's time for what the rollup does not cover: the partial units at both
 * ends of the range, or the whole range when there is no rollup.
 */
export function outsideRollup(column: SQLWrapper, range: DashboardRange, span: RollupSpan): SQL {
  if (!span.useRollup) return sql`${column} >= ${range.from} and ${column} < ${range.to}`;
  return sql`(${column} >= ${range.from} and ${column} < ${span.wholeFrom}) or (${column} >= ${span.wholeTo} and ${column} < ${range.to})`;
}

/** Whether `tz` is a whole number of hours from UTC at both ends of the range. */
function hasWholeHourOffsets(tz: string, range: DashboardRange): boolean {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" });
  return [range.from, range.to].every((moment) => {
    const offset = format.formatToParts(moment).find((part) => part.type === "timeZoneName");
    return !offset || !/:(?!00)\d\d$/.test(offset.value);
  });
}
