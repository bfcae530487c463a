import { z } from "zod";
import { ERROR_CODES } from "./errors";
import { ZModelId } from "./models";

/** Programming languages a user can ask for (generate) or say their code is in (explain). */
export const LANGUAGES = [
  "auto",
  "python",
  "cpp",
  "javascript",
  "typescript",
  "sql",
  "java",
  "go",
  "rust",
  "bash",
] as const;
export const ZLanguage = z.enum(LANGUAGES);
export type TLanguage = z.infer<typeof ZLanguage>;

/** What the user may set about sampling; the server clamps each to its limits. */
export const ZSamplingRequest = z.object({
  /** Most tokens to generate; the server caps it at GENERATION_MAX_TOKENS. */
  maxTokens: z.int().min(1).optional(),
  /** Sampling temperature, 0 (greedy) to 2; the model's default when left out. */
  temperature: z.number().min(0).max(2).optional(),
  /** Nucleus sampling, 0 < topP ≤ 1; the model's default when left out. */
  topP: z.number().gt(0).max(1).optional(),
});

/**
 * `POST /api/generate`. Size limits of the prompt and `maxTokens` are server configuration
 * (GENERATION_MAX_PROMPT_CHARS, GENERATION_MAX_TOKENS); the schema only rejects nonsense.
 * With `conversationId` the earlier turns of that conversation (the user's own) are carried;
 * without it a new conversation starts.
 */
export const ZGenerateRequest = ZSamplingRequest.extend({
  model: ZModelId,
  prompt: z.string().trim().min(1, "the prompt is empty"),
  /** The language the code should be written in; `auto` (the default) lets the model choose. */
  language: ZLanguage.optional(),
  conversationId: z.uuid().optional(),
});
export type TGenerateRequest = z.infer<typeof ZGenerateRequest>;

/** The sampling settings a generation actually ran with, after defaults and clamping. */
export const ZGenerationParameters = z.object({
  maxTokens: z.int(),
  temperature: z.number(),
  topP: z.number(),
});
export type TGenerationParameters = z.infer<typeof ZGenerationParameters>;

/** Kinds of history rows. */
export const ZQueryKind = z.enum(["generate", "explain"]);
export type TQueryKind = z.infer<typeof ZQueryKind>;

/** Why a generation stopped. */
export const ZFinishReason = z.enum(["stop", "max-tokens", "aborted", "timeout"]);
export type TFinishReason = z.infer<typeof ZFinishReason>;

/** Token counts and timings of one finished generation. */
export const ZGenerationStats = z.object({
  promptTokens: z.int(),
  completionTokens: z.int(),
  /** Wall time from the request reaching the engine to the last token, in milliseconds. */
  durationMs: z.number(),
  /** Time to the first token, in milliseconds; null when no token came. */
  timeToFirstTokenMs: z.number().nullable(),
  finishReason: ZFinishReason,
});
export type TGenerationStats = z.infer<typeof ZGenerationStats>;

/** What a generation is, sent first in a stream and repeated in the JSON answer. */
export const ZGenerationStart = z.object({
  /** The history row (the `queryId` of feedback). */
  id: z.uuid(),
  kind: ZQueryKind,
  model: ZModelId,
  /** The conversation a generate turn belongs to; null for explain. */
  conversationId: z.uuid().nullable(),
  /** What was used after defaults and clamping. */
  parameters: ZGenerationParameters,
});
export type TGenerationStart = z.infer<typeof ZGenerationStart>;

/**
 * `POST /api/generate` and `POST /api/explain` answered as one JSON object (when the client
 * does not ask for SSE).
 */
export const ZGenerateResponse = ZGenerationStats.extend(ZGenerationStart.shape).extend({
  text: z.string(),
});
export type TGenerateResponse = z.infer<typeof ZGenerateResponse>;

/** Server-sent events of a generation stream; the SSE `event:` field equals `type`. */
export const ZStreamEvent = z.discriminatedUnion("type", [
  ZGenerationStart.extend({ type: z.literal("generation-start") }),
  z.object({ type: z.literal("text-delta"), text: z.string() }),
  z.object({ type: z.literal("queue-position"), position: z.int().min(0) }),
  ZGenerationStats.extend({ type: z.literal("generation-end"), id: z.uuid() }),
  z.object({ type: z.literal("error"), code: z.enum(ERROR_CODES), message: z.string() }),
]);
export type TStreamEvent = z.infer<typeof ZStreamEvent>;
export type TStreamEventType = TStreamEvent["type"];
