import type {
  TChatCompletion,
  TChatCompletionChunk,
  TChatFinishReason,
  TChatUsage,
  TFinishReason,
  TGenerateResponse,
} from "@codegenie/shared";

/** OpenAI's finish reason: `length` whenever the answer was cut off rather than finished. */
export function chatFinishReason(reason: TFinishReason): TChatFinishReason {
  switch (reason) {
    case "stop":
    case "aborted":
      return "stop";
    case "max-tokens":
    case "timeout":
      return "length";
  }
}

/** The completion id: the history row's id, so a client's id finds the row. */
export const completionId = (generationId: string) => `chatcmpl-${generationId}`;

/** Unix time in seconds. */
export const unixSeconds = (date = new Date()) => Math.floor(date.getTime() / 1000);

/** Token counts as OpenAI reports them. */
export function chatUsage(result: TGenerateResponse): TChatUsage {
  return {
    prompt_tokens: result.promptTokens,
    completion_tokens: result.completionTokens,
    total_tokens: result.promptTokens + result.completionTokens,
  };
}

/** A finished generation as a `chat.completion` object. */
export function presentCompletion(
  result: TGenerateResponse,
  model: string,
  created: number,
): TChatCompletion {
  return {
    id: completionId(result.id),
    object: "chat.completion",
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: result.text },
        finish_reason: chatFinishReason(result.finishReason),
        logprobs: null,
      },
    ],
    usage: chatUsage(result),
  };
}

/** One streamed chunk with a single choice. */
export function choiceChunk(
  head: Pick<TChatCompletionChunk, "id" | "created" | "model">,
  delta: TChatCompletionChunk["choices"][number]["delta"],
  finishReason: TChatFinishReason | null = null,
): TChatCompletionChunk {
  return {
    ...head,
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  };
}
