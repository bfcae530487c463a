import type { TRunResult } from "@codegenie/shared";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { codeBlocks, type GenerationStatus, generations } from "../db/schema";
import type { SyntaxCheck } from "./syntax-checker";

/** Statuses whose answers are checked: the whole answer, or what was written before Stop. */
export const CHECKED_STATUSES = ["completed", "cancelled"] as const satisfies GenerationStatus[];

/** A history row as the check needs it. */
export interface RowToCheck {
  id: string;
  status: string;
  responseText: string;
  codeCheckedAt: Date | null;
}

/** One block with its checks, ready to store. */
export interface CheckedBlock {
  index: number;
  language: string | null;
  isLanguageGuessed: boolean;
  code: string;
  /** Null when the language has no syntax check. */
  syntax: SyntaxCheck | null;
  /** Null when the block was not run. */
  execution: TRunResult | null;
}

/** Where a page of unchecked rows ends: created_at as text (microseconds kept) and id. */
export interface UncheckedCursor {
  createdAt: string;
  id: string;
}

/** The SQL of code blocks: reading rows to check, storing their blocks, reading them back. */
export class CodeBlocksRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** The row to check, or undefined when it is gone. */
  async findRowToCheck(id: string): Promise<RowToCheck | undefined> {
    const [row] = await this.#db
      .select({
        id: generations.id,
        status: generations.status,
        responseText: generations.responseText,
        codeCheckedAt: generations.codeCheckedAt,
      })
      .from(generations)
      .where(eq(generations.id, id));
    return row;
  }

  /**
   * Finished rows not checked yet, oldest first, after `cursor` (keyset over created_at, id;
   * served by the partial index `generations_code_unchecked_idx`).
   */
  async uncheckedPage(
    cursor: UncheckedCursor | null,
    limit: number,
  ): Promise<{ ids: string[]; next: UncheckedCursor | null }> {
    const rows = await this.#db
      .select({ id: generations.id, createdAt: sql<string>`${generations.createdAt}::text` })
      .from(generations)
      .where(
        and(
          isNull(generations.codeCheckedAt),
          inArray(generations.status, CHECKED_STATUSES),
          cursor === null
            ? undefined
            : sql`(${generations.createdAt}, ${generations.id}) > (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`,
        ),
      )
      .orderBy(asc(generations.createdAt), asc(generations.id))
      .limit(limit);
    const last = rows.at(-1);
    return { ids: rows.map((row) => row.id), next: last ? { ...last } : null };
  }

  /**
   * Stores the blocks of a row and marks it checked, in one transaction. Does nothing (false)
   * when the row is gone, no longer finished, or was checked meanwhile (another replica).
   */
  async saveChecked(generationId: string, blocks: CheckedBlock[]): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const marked = await tx
        .update(generations)
        .set({ codeCheckedAt: sql`now()` })
        .where(
          and(
            eq(generations.id, generationId),
            isNull(generations.codeCheckedAt),
            inArray(generations.status, CHECKED_STATUSES),
          ),
        )
        .returning({ id: generations.id });
      if (marked.length === 0) return false;
      if (blocks.length > 0) {
        await tx
          .insert(codeBlocks)
          .values(blocks.map((block) => toRow(generationId, block)))
          .onConflictDoNothing();
      }
      return true;
    });
  }

  /** A user's history row (status and check time), or undefined when it is not theirs. */
  async findOwnRow(generationId: string, userId: string) {
    const [row] = await this.#db
      .select({ status: generations.status, codeCheckedAt: generations.codeCheckedAt })
      .from(generations)
      .where(and(eq(generations.id, generationId), eq(generations.userId, userId)));
    return row;
  }

  /** The stored blocks of a row, in order. */
  async blocksOf(generationId: string) {
    return this.#db
      .select()
      .from(codeBlocks)
      .where(eq(codeBlocks.generationId, generationId))
      .orderBy(asc(codeBlocks.blockIndex));
  }
}

function toRow(generationId: string, block: CheckedBlock): typeof codeBlocks.$inferInsert {
  const { syntax, execution } = block;
  return {
    generationId,
    blockIndex: block.index,
    language: block.language,
    isLanguageGuessed: block.isLanguageGuessed,
    code: block.code,
    syntaxValid: syntax?.valid ?? null,
    syntaxErrorLine: syntax?.error?.line ?? null,
    syntaxErrorColumn: syntax?.error?.column ?? null,
    syntaxErrorMessage: syntax?.error?.message ?? null,
    executionStatus: execution?.status ?? null,
    executionStdout: execution === null ? null : withoutNul(execution.stdout),
    executionStderr: execution === null ? null : withoutNul(execution.stderr),
    executionExitCode: execution?.exitCode ?? null,
    executionDurationMs: execution === null ? null : Math.round(execution.durationMs),
    executionTruncated: execution?.truncated ?? null,
  };
}

/** PostgreSQL text cannot hold NUL, which a program may well print. */
function withoutNul(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD");
}
