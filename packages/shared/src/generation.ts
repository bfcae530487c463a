import { z } from "zod";
import { ERROR_CODES } from "./errors";
import { ZModelId } from "./models";

/**
 * `POST /api/generate`. Size limits of the prompt and `maxTokens` are server configuration
 * (GENERATION_MAX_PROMPT_CHARS, GENERATION_MAX_TOKENS); the schema only rejects nonsense.
 */
export const ZGenerateRequest = z.object({
  model: ZModelId,
  prompt: z.string().trim().min(1, "the prompt is empty"),
  /** Most tokens to generate; the server caps it at its configured limit. */
  maxTokens: z.int().min(1).optional(),
  /** Sampling temperature, 0 (greedy) to 2. */
  temperature: z.number().min(0).max(2).optional(),
  /** Nucleus sampling, 0 < topP ≤ 1. */
  topP: z.number().gt(0).max(1).optional(),
});
export type TGenerateRequest = z.infer<typeof ZGenerateRequest>;

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

/** `POST /api/generate` answered as one JSON object (when the client does not ask for SSE). */
export const ZGenerateResponse = ZGenerationStats.extend({
  id: z.uuid(),
  model: ZModelId,
  text: z.string(),
});
export type TGenerateResponse = z.infer<typeof ZGenerateResponse>;

/** Server-sent events of a generation stream; the SSE `event:` field equals `type`. */
export const ZStreamEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("generation-start"), id: z.uuid(), model: ZModelId }),
  z.object({ type: z.literal("text-delta"), text: z.string() }),
  z.object({ type: z.literal("queue-position"), position: z.int().min(0) }),
  ZGenerationStats.extend({ type: z.literal("generation-end"), id: z.uuid() }),
  z.object({ type: z.literal("error"), code: z.enum(ERROR_CODES), message: z.string() }),
]);
export type TStreamEvent = z.infer<typeof ZStreamEvent>;
export type TStreamEventType = TStreamEvent["type"];
