import { z } from "zod";
import { ZLanguage, ZSamplingRequest } from "./generation";
import { ZModelId } from "./models";

/**
 * How an explanation is written: `beginner` (plain words, analogies), `technical` (complexity,
 * memory, concurrency, edge cases, design), `step-by-step` (numbered walk through the execution).
 */
export const EXPLAIN_STYLES = ["beginner", "technical", "step-by-step"] as const;
export const ZExplainStyle = z.enum(EXPLAIN_STYLES);
export type TExplainStyle = z.infer<typeof ZExplainStyle>;

/**
 * `POST /api/explain`; answered like `POST /api/generate` (SSE or one JSON object). Code that
 * does not fit the model's context window is refused with 413 `explain.code_too_large`.
 */
export const ZExplainRequest = ZSamplingRequest.extend({
  model: ZModelId,
  code: z.string().refine((code) => code.trim() !== "", "the code is empty"),
  /** The language of the code; `auto` (the default) lets the model tell. */
  language: ZLanguage.optional(),
  style: ZExplainStyle,
});
export type TExplainRequest = z.infer<typeof ZExplainRequest>;
