import { z } from "zod";

// The subset of OpenAI's API that CodeGenie serves under /v1, so editors and scripts that speak
// it can use the team's models. Unknown request fields are dropped, not refused: clients send
// many options this server has no use for.

/** One part of a message's content; only text parts are supported. */
const ZChatContentPart = z.object({ type: z.literal("text"), text: z.string() });

/** A chat message. `developer` is OpenAI's newer name for `system`. */
export const ZChatMessage = z.object({
  role: z.enum(["system", "developer", "user", "assistant"]),
  content: z.union([z.string(), z.array(ZChatContentPart)]).nullable(),
  name: z.string().optional(),
});
export type TChatMessage = z.infer<typeof ZChatMessage>;

/**
 * `POST /v1/chat/completions`. `max_completion_tokens` wins over the older `max_tokens`; both are
 * capped by the server's GENERATION_MAX_TOKENS like any other request.
 */
export const ZChatCompletionRequest = z.object({
  model: z.string().min(1),
  messages: z.array(ZChatMessage).min(1, "send at least one message"),
  max_tokens: z.int().min(1).nullish(),
  max_completion_tokens: z.int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  /** Up to four strings that end the answer. */
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  /** Only one choice per request is supported. */
  n: z.literal(1).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  user: z.string().optional(),
});
export type TChatCompletionRequest = z.infer<typeof ZChatCompletionRequest>;

/** Why a choice ended: `length` when max tokens, the context or the time limit cut it off. */
export const ZChatFinishReason = z.enum(["stop", "length"]);
export type TChatFinishReason = z.infer<typeof ZChatFinishReason>;

/** Token counts of one completion. */
export const ZChatUsage = z.object({
  prompt_tokens: z.int(),
  completion_tokens: z.int(),
  total_tokens: z.int(),
});
export type TChatUsage = z.infer<typeof ZChatUsage>;

/** `POST /v1/chat/completions` without `stream`. */
export const ZChatCompletion = z.object({
  /** `chatcmpl-` followed by the id of the generation in the history. */
  id: z.string(),
  object: z.literal("chat.completion"),
  /** Unix time in seconds. */
  created: z.int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.int(),
      message: z.object({ role: z.literal("assistant"), content: z.string() }),
      finish_reason: ZChatFinishReason,
      logprobs: z.null(),
    }),
  ),
  usage: ZChatUsage,
});
export type TChatCompletion = z.infer<typeof ZChatCompletion>;

/** One `data:` line of a streamed completion; the stream ends with `data: [DONE]`. */
export const ZChatCompletionChunk = z.object({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.int(),
      delta: z.object({ role: z.literal("assistant").optional(), content: z.string().optional() }),
      finish_reason: ZChatFinishReason.nullable(),
      logprobs: z.null(),
    }),
  ),
  /** Only on the last chunk (with no choices), when `stream_options.include_usage` is set. */
  usage: ZChatUsage.nullable().optional(),
});
export type TChatCompletionChunk = z.infer<typeof ZChatCompletionChunk>;

/** `GET /v1/models`. */
export const ZOpenAiModelList = z.object({
  object: z.literal("list"),
  data: z.array(
    z.object({
      id: z.string(),
      object: z.literal("model"),
      /** Unix time in seconds. */
      created: z.int(),
      owned_by: z.string(),
    }),
  ),
});
export type TOpenAiModelList = z.infer<typeof ZOpenAiModelList>;

/**
 * Errors on the /v1 routes, in OpenAI's shape so its clients raise the right exception. `code`
 * holds CodeGenie's stable error code (`model.not_found`, `auth.api_key_invalid`, …).
 */
export const ZOpenAiErrorResponse = z.object({
  error: z.object({
    message: z.string(),
    /** invalid_request_error | authentication_error | permission_error | not_found_error | rate_limit_error | server_error */
    type: z.string(),
    code: z.string(),
    /** The request field at fault, for validation errors. */
    param: z.string().nullable(),
  }),
});
export type TOpenAiErrorResponse = z.infer<typeof ZOpenAiErrorResponse>;
