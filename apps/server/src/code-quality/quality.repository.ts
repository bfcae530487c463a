import type { TQualityQuery } from "@codegenie/shared";
import { type SQLWrapper, sql } from "drizzle-orm";
import { HOUR_MS, outsideRollup, wholeUnits } from "../dashboard/rollup-span";
import type { Database } from "../db/database";
import { codeBlocks, generations, qualityHourly } from "../db/schema";

/** The counts of one group of blocks (see ZQualityRates, without the rates). */
export interface QualityCounts {
  blocks: number;
  syntaxChecked: number;
  syntaxValid: number;
  executed: number;
  executionSucceeded: number;
}

/** The counts overall, per model, per language (null: unknown) and per time bucket. */
export interface QualityGroups {
  overall: QualityCounts;
  byModel: (QualityCounts & { model: string })[];
  byLanguage: (QualityCounts & { language: string | null })[];
  overTime: (QualityCounts & { bucketStart: Date })[];
}

/**
 * The code-quality aggregates for admins: the blocks of the answers created in [from, to), whole
 * UTC hours from the `quality_hourly` rollup (kept by triggers on `code_blocks`), the partial
 * hours at both ends from the blocks themselves; grouped by GROUPING SETS — overall, per model,
 * per language, per UTC hour/day/week. Only the group rows come back.
 */
export class QualityRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async aggregate(from: Date, to: Date, bucket: TQualityQuery["bucket"]): Promise<QualityGroups> {
    const range = { from, to };
    const span = wholeUnits(range, HOUR_MS);
    const raw = sql`select ${generations.createdAt} as at, ${generations.modelId},
        coalesce(${codeBlocks.language}, '') as language, 1 as blocks,
        (${codeBlocks.syntaxValid} is not null)::int as syntax_checked,
        coalesce(${codeBlocks.syntaxValid}, false)::int as syntax_valid,
        (${codeBlocks.executionStatus} is not null)::int as executed,
        (${codeBlocks.executionStatus} is not distinct from 'ok')::int as execution_succeeded
      from ${generations} join ${codeBlocks} on ${codeBlocks.generationId} = ${generations.id}
      where ${outsideRollup(generations.createdAt, range, span)}`;
    const source = span.useRollup
      ? sql`select ${qualityHourly.hour} as at, ${qualityHourly.modelId}, ${qualityHourly.language},
              ${qualityHourly.blocks}, ${qualityHourly.syntaxChecked}, ${qualityHourly.syntaxValid},
              ${qualityHourly.executed}, ${qualityHourly.executionSucceeded}
            from ${qualityHourly} where ${qualityHourly.hour} >= ${span.wholeFrom} and ${qualityHourly.hour} < ${span.wholeTo}
          union all ${raw}`
      : raw;
    const blocks = this.#db.$with("blocks").as(
      this.#db
        .select({
          modelId: sql<string>`model_id`.as("model_id"),
          language: sql<string | null>`nullif(language, '')`.as("language"),
          bucketStart: sql<string>`date_trunc(${bucket}, at, 'UTC')`.as("bucket_start"),
          blocks: sql<number>`blocks`.as("blocks"),
          syntaxChecked: sql<number>`syntax_checked`.as("syntax_checked"),
          syntaxValid: sql<number>`syntax_valid`.as("syntax_valid"),
          executed: sql<number>`executed`.as("executed"),
          executionSucceeded: sql<number>`execution_succeeded`.as("execution_succeeded"),
        })
        .from(sql`(${source}) as quality_source`),
    );
    const total = (column: SQLWrapper) => sql<number>`coalesce(sum(${column}), 0)::int`;
    const rows = await this.#db
      .with(blocks)
      .select({
        modelId: blocks.modelId,
        language: blocks.language,
        // ISO 8601 in UTC, which a Date reads exactly.
        bucketStart: sql<
          string | null
        >`to_char(${blocks.bucketStart} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
        // grouping() is 0 for the column a set groups by and 1 for those it rolls up.
        byModel: sql<number>`grouping(${blocks.modelId})::int`,
        byLanguage: sql<number>`grouping(${blocks.language})::int`,
        byBucket: sql<number>`grouping(${blocks.bucketStart})::int`,
        blocks: total(blocks.blocks),
        syntaxChecked: total(blocks.syntaxChecked),
        syntaxValid: total(blocks.syntaxValid),
        executed: total(blocks.executed),
        executionSucceeded: total(blocks.executionSucceeded),
      })
      .from(blocks)
      .groupBy(
        sql`grouping sets ((), (${blocks.modelId}), (${blocks.language}), (${blocks.bucketStart}))`,
      );
    const groups: QualityGroups = {
      overall: { blocks: 0, syntaxChecked: 0, syntaxValid: 0, executed: 0, executionSucceeded: 0 },
      byModel: [],
      byLanguage: [],
      overTime: [],
    };
    for (const {
      modelId,
      language,
      bucketStart,
      byModel,
      byLanguage,
      byBucket,
      ...counts
    } of rows) {
      if (byModel === 0) groups.byModel.push({ ...counts, model: modelId });
      else if (byLanguage === 0) groups.byLanguage.push({ ...counts, language });
      else if (byBucket === 0 && bucketStart !== null) {
        groups.overTime.push({ ...counts, bucketStart: new Date(bucketStart) });
      } else groups.overall = counts;
    }
    groups.byModel.sort((a, b) => b.blocks - a.blocks || a.model.localeCompare(b.model));
    groups.byLanguage.sort((a, b) => b.blocks - a.blocks);
    groups.overTime.sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
    return groups;
  }
}
