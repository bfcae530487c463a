import { z } from "zod";

/** The prompt formats CodeGenie knows; each built-in model uses one. */
export const PROMPT_FORMATS = ["gemma", "deepseek-coder", "phi-2"] as const;
export const ZPromptFormat = z.enum(PROMPT_FORMATS);
export type TPromptFormat = z.infer<typeof ZPromptFormat>;

/** A model id: lowercase letters, digits, `.`, `_`, `-`. */
export const ZModelId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "use lowercase letters, digits, '.', '_' and '-'");

/** One model as the API lists it. */
export const ZModelSummary = z.object({
  id: ZModelId,
  name: z.string(),
  promptFormat: ZPromptFormat,
  /** True when the model's weights are present and it can serve requests. */
  isAvailable: z.boolean(),
});
export type TModelSummary = z.infer<typeof ZModelSummary>;

/** `GET /api/models`. */
export const ZModelsResponse = z.object({ models: z.array(ZModelSummary) });
export type TModelsResponse = z.infer<typeof ZModelsResponse>;
