import { DASHBOARD_DEFAULT_RANGE_DAYS, DASHBOARD_MAX_RANGE_DAYS } from "@codegenie/shared";
import { AppError } from "../errors";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A resolved dashboard time range [from, to). */
export interface DashboardRange {
  from: Date;
  to: Date;
}

/**
 * The range of a dashboard query: `to` defaults to `now`, `from` to 30 days before `to`.
 * 400 `request.invalid` when `from` is not before `to` or the range is wider than 366 days
 * (the aggregates stay bounded however old the data gets).
 */
export function resolveRange(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
): DashboardRange {
  const to = query.to === undefined ? now : new Date(query.to);
  const from =
    query.from === undefined
      ? new Date(to.getTime() - DASHBOARD_DEFAULT_RANGE_DAYS * DAY_MS)
      : new Date(query.from);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw new AppError("request.invalid", "`from` and `to` must be real dates.", query);
  }
  const details = { from: from.toISOString(), to: to.toISOString() };
  if (from.getTime() >= to.getTime()) {
    throw new AppError("request.invalid", "`from` must be before `to`.", details);
  }
  if (to.getTime() - from.getTime() > DASHBOARD_MAX_RANGE_DAYS * DAY_MS) {
    throw new AppError(
      "request.invalid",
      `The range may cover at most ${DASHBOARD_MAX_RANGE_DAYS} days.`,
      details,
    );
  }
  return { from, to };
}
