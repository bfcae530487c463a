import type { TQualityQuery } from "@codegenie/shared";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { codeBlocks, generations } from "../db/schema";

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
 * The code-quality aggregates for admins, computed by the database in one pass: the blocks of
 * the answers created in [from, to) (the range scan uses `generations_created_at_idx`, the join
 * the unique (generation_id, block_index) index), counted with `filter` and grouped by GROUPING
 * SETS — overall, per model, per language, per UTC hour/day/week. Only the group rows come back.
 */
export class QualityRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async aggregate(from: Date, to: Date, bucket: TQualityQuery["bucket"]): Promise<QualityGroups> {
    const blocks = this.#db.$with("blocks").as(
      this.#db
        .select({
          modelId: generations.modelId,
          language: codeBlocks.language,
          bucketStart: sql<string>`date_trunc(${bucket}, ${generations.createdAt}, 'UTC')`.as(
            "bucket_start",
          ),
          syntaxValid: codeBlocks.syntaxValid,
          executionStatus: codeBlocks.executionStatus,
        })
        .from(generations)
        .innerJoin(codeBlocks, eq(codeBlocks.generationId, generations.id))
        .where(and(gte(generations.createdAt, from), lt(generations.createdAt, to))),
    );
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
        blocks: sql<number>`count(*)::int`,
        syntaxChecked: sql<number>`count(${blocks.syntaxValid})::int`,
        syntaxValid: sql<number>`(count(*) filter (where ${blocks.syntaxValid}))::int`,
        executed: sql<number>`count(${blocks.executionStatus})::int`,
        executionSucceeded: sql<number>`(count(*) filter (where ${blocks.executionStatus} = 'ok'))::int`,
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
