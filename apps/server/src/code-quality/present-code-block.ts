import { type TCodeBlock, type TRunResult, ZRunStatus } from "@codegenie/shared";
import type { codeBlocks } from "../db/schema";

/** A stored block as `ZCodeBlock`: `syntax` null when not checked, `execution` when not run. */
export function presentCodeBlock(row: typeof codeBlocks.$inferSelect): TCodeBlock {
  return {
    index: row.blockIndex,
    language: row.language,
    isLanguageGuessed: row.isLanguageGuessed,
    syntax:
      row.syntaxValid === null
        ? null
        : {
            valid: row.syntaxValid,
            error:
              row.syntaxValid || row.syntaxErrorLine === null || row.syntaxErrorColumn === null
                ? null
                : {
                    line: row.syntaxErrorLine,
                    column: row.syntaxErrorColumn,
                    message: row.syntaxErrorMessage ?? "",
                  },
          },
    execution: presentExecution(row),
  };
}

function presentExecution(row: typeof codeBlocks.$inferSelect): TRunResult | null {
  const status = ZRunStatus.safeParse(row.executionStatus);
  if (!status.success) return null;
  return {
    status: status.data,
    stdout: row.executionStdout ?? "",
    stderr: row.executionStderr ?? "",
    ...(row.executionExitCode === null ? {} : { exitCode: row.executionExitCode }),
    durationMs: row.executionDurationMs ?? 0,
    truncated: row.executionTruncated ?? false,
  };
}
