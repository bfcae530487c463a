import { z } from "zod";

/**
 * Languages whose syntax CodeGenie checks (tree-sitter grammars; SQL with node-sql-parser). A code
 * block in another language is stored with its language and no check.
 */
export const CHECKED_LANGUAGES = [
  "python",
  "javascript",
  "typescript",
  "c",
  "cpp",
  "java",
  "go",
  "rust",
  "bash",
  "sql",
] as const;
export const ZCheckedLanguage = z.enum(CHECKED_LANGUAGES);
export type TCheckedLanguage = z.infer<typeof ZCheckedLanguage>;

/** Languages the sandbox runs: Python (Pyodide, in its own process) and JavaScript (QuickJS). */
export const RUNNABLE_LANGUAGES = ["python", "javascript"] as const;
export const ZRunnableLanguage = z.enum(RUNNABLE_LANGUAGES);
export type TRunnableLanguage = z.infer<typeof ZRunnableLanguage>;

/**
 * `POST /api/code/run`. The language is checked by the server (422 `code.unsupported_language`
 * names the runnable ones) so that any string is accepted here; size limits are configuration
 * (413 `code.too_large`).
 */
export const ZRunCodeRequest = z.object({
  language: z.string().trim().min(1).max(40),
  code: z.string().refine((code) => code.trim() !== "", "the code is empty"),
  stdin: z.string().optional(),
});
export type TRunCodeRequest = z.infer<typeof ZRunCodeRequest>;

/**
 * How a run ended: `ok` (finished, exit code 0), `error` (an exception or non-zero exit),
 * `timeout` (past the wall-time limit), `memory_limit` (past the memory limit).
 */
export const ZRunStatus = z.enum(["ok", "error", "timeout", "memory_limit"]);
export type TRunStatus = z.infer<typeof ZRunStatus>;

/** The outcome of one sandboxed run; stdout and stderr are capped (see `truncated`). */
export const ZRunResult = z.object({
  status: ZRunStatus,
  stdout: z.string(),
  stderr: z.string(),
  exitCode: z.int().optional(),
  durationMs: z.number(),
  /** True when stdout or stderr was cut at the output cap. */
  truncated: z.boolean(),
});
export type TRunResult = z.infer<typeof ZRunResult>;

/** Where a syntax error is: 1-based line and column, and what tree-sitter or the parser said. */
export const ZSyntaxError = z.object({
  line: z.int().min(1),
  column: z.int().min(1),
  message: z.string(),
});

/**
 * One fenced code block of an answer, in order of appearance (`index` from 0), with its checks:
 * `syntax` is null when the language is not checked (or not yet), `execution` when it is not run
 * automatically (or not yet).
 */
export const ZCodeBlock = z.object({
  index: z.int().min(0),
  /** The fence's language tag, normalised (`py` → `python`), or the guessed one; null if unknown. */
  language: z.string().nullable(),
  /** True when the language was guessed (no or unknown tag). */
  isLanguageGuessed: z.boolean(),
  syntax: z.object({ valid: z.boolean(), error: ZSyntaxError.nullable() }).nullable(),
  execution: ZRunResult.nullable(),
});
export type TCodeBlock = z.infer<typeof ZCodeBlock>;

/**
 * `GET /api/history/:id/code`: the code blocks of an answer. `state` is `pending` until the
 * background checks of a finished answer are done (poll until `checked`).
 */
export const ZCodeBlocksResponse = z.object({
  state: z.enum(["pending", "checked"]),
  blocks: z.array(ZCodeBlock),
});
export type TCodeBlocksResponse = z.infer<typeof ZCodeBlocksResponse>;

/** Rates of one group: blocks checked, how many parsed, how many ran (and how many ran fine). */
export const ZQualityRates = z.object({
  blocks: z.int(),
  syntaxChecked: z.int(),
  syntaxValid: z.int(),
  /** syntaxValid / syntaxChecked; null when nothing was checked. */
  syntaxValidRate: z.number().nullable(),
  executed: z.int(),
  executionSucceeded: z.int(),
  /** executionSucceeded / executed; null when nothing ran. */
  executionSuccessRate: z.number().nullable(),
});
export type TQualityRates = z.infer<typeof ZQualityRates>;

/** `GET /api/admin/quality?from&to&bucket`: time range (ISO dates) and bucket hour | day | week. */
export const ZQualityQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  bucket: z.enum(["hour", "day", "week"]).default("day"),
});
export type TQualityQuery = z.infer<typeof ZQualityQuery>;

/** `GET /api/admin/quality`: the rates overall, per model, per language and per bucket. */
export const ZQualityResponse = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  bucket: z.enum(["hour", "day", "week"]),
  overall: ZQualityRates,
  byModel: z.array(ZQualityRates.extend({ model: z.string() })),
  byLanguage: z.array(ZQualityRates.extend({ language: z.string() })),
  overTime: z.array(ZQualityRates.extend({ bucketStart: z.iso.datetime({ offset: true }) })),
});
export type TQualityResponse = z.infer<typeof ZQualityResponse>;
