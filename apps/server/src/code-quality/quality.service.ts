import type { TQualityQuery, TQualityRates, TQualityResponse } from "@codegenie/shared";
import { AppError } from "../errors";
import type { QualityCounts, QualityRepository } from "./quality.repository";

/** The range `GET /api/admin/quality` covers when `from` is left out, in days before `to`. */
export const DEFAULT_QUALITY_RANGE_DAYS = 30;

/** Code-quality rates for admins: syntax-valid and execution-success rates, grouped. */
export class QualityService {
  readonly #repository: QualityRepository;

  constructor(repository: QualityRepository) {
    this.#repository = repository;
  }

  /**
   * The rates of the blocks of answers created in [from, to): `to` defaults to now, `from` to
   * 30 days before `to`; 400 `request.invalid` when `from` is not before `to`. Blocks with no
   * language are grouped as `unknown`; time buckets are UTC and only those with blocks appear.
   */
  async report(query: TQualityQuery, now = new Date()): Promise<TQualityResponse> {
    const to = query.to === undefined ? now : new Date(query.to);
    const from =
      query.from === undefined
        ? new Date(to.getTime() - DEFAULT_QUALITY_RANGE_DAYS * 24 * 60 * 60 * 1000)
        : new Date(query.from);
    if (from.getTime() >= to.getTime()) {
      throw new AppError("request.invalid", "`from` must be before `to`.", {
        from: from.toISOString(),
        to: to.toISOString(),
      });
    }
    const groups = await this.#repository.aggregate(from, to, query.bucket);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bucket: query.bucket,
      overall: withRates(groups.overall),
      byModel: groups.byModel.map(({ model, ...counts }) => ({ model, ...withRates(counts) })),
      byLanguage: groups.byLanguage.map(({ language, ...counts }) => ({
        language: language ?? "unknown",
        ...withRates(counts),
      })),
      overTime: groups.overTime.map(({ bucketStart, ...counts }) => ({
        bucketStart: bucketStart.toISOString(),
        ...withRates(counts),
      })),
    };
  }
}

function withRates(counts: QualityCounts): TQualityRates {
  return {
    ...counts,
    syntaxValidRate: counts.syntaxChecked === 0 ? null : counts.syntaxValid / counts.syntaxChecked,
    executionSuccessRate:
      counts.executed === 0 ? null : counts.executionSucceeded / counts.executed,
  };
}
