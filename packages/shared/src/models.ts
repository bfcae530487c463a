import { z } from "zod";

/** The prompt formats CodeGenie knows; each built-in model uses one. */
export const PROMPT_FORMATS = [
  "gemma",
  "deepseek-coder",
  "phi-2",
  "chatml",
  "llama-3",
  "raw",
] as const;
export const ZPromptFormat = z.enum(PROMPT_FORMATS);
export type TPromptFormat = z.infer<typeof ZPromptFormat>;

/** A model id: lowercase letters, digits, `.`, `_`, `-`. */
export const ZModelId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "use lowercase letters, digits, '.', '_' and '-'");

/** What a model is best at. */
export const ZModelTask = z.enum(["general", "code", "reasoning"]);
export type TModelTask = z.infer<typeof ZModelTask>;

/**
 * Where a model is: `ready` (weights on disk, or a remote server), `not_downloaded`,
 * `downloading` (see `download`), or `loaded` (in memory now).
 */
export const ZModelStatus = z.enum(["ready", "loaded", "not_downloaded", "downloading"]);
export type TModelStatus = z.infer<typeof ZModelStatus>;

/** Progress of a download. */
export const ZDownloadProgress = z.object({
  downloadedBytes: z.number(),
  /** Null until the server said the size. */
  totalBytes: z.number().nullable(),
  /** Bytes per second, smoothed. */
  bytesPerSecond: z.number().nullable(),
});
export type TDownloadProgress = z.infer<typeof ZDownloadProgress>;

/** One model as the API lists it. */
export const ZModelSummary = z.object({
  id: ZModelId,
  name: z.string(),
  promptFormat: ZPromptFormat,
  description: z.string(),
  task: ZModelTask,
  /** Tokens one conversation may hold (prompt and answer). */
  contextSize: z.int(),
  /** `embedded` runs in the server (llama.cpp); `remote` streams from an OpenAI-compatible server. */
  engine: z.enum(["embedded", "remote"]),
  status: ZModelStatus,
  /** True when the weights come from Hugging Face, so a missing file can be downloaded. */
  isDownloadable: z.boolean(),
  /** True when the model can answer now (possibly after loading). */
  isAvailable: z.boolean(),
  download: ZDownloadProgress.nullable(),
  defaultSampling: z.object({ temperature: z.number(), topP: z.number() }),
});
export type TModelSummary = z.infer<typeof ZModelSummary>;

/** `GET /api/models`. `gpu` is the embedded engine's backend (`cuda`, `vulkan`, `metal`) or false. */
export const ZModelsResponse = z.object({
  models: z.array(ZModelSummary),
  gpu: z.union([z.string(), z.literal(false)]).nullable(),
});
export type TModelsResponse = z.infer<typeof ZModelsResponse>;

/** Server-sent events of `POST /api/admin/models/:id/pull`. */
export const ZPullEvent = z.discriminatedUnion("type", [
  ZDownloadProgress.extend({ type: z.literal("progress") }),
  z.object({ type: z.literal("done"), bytes: z.number() }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type TPullEvent = z.infer<typeof ZPullEvent>;
