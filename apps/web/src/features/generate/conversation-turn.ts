import {
  ERROR_CODES,
  type ErrorCode,
  type TFeedback,
  type TGenerationStats,
  type THistoryItem,
} from "@codegenie/shared";
import { ApiError } from "../../lib/api/api-error";
import type {
  GenerationStreamState,
  StreamStatus,
} from "../../lib/streaming/generation-stream-state";

/** The sampling settings a turn ran with; null where the model's own default was used. */
export interface TurnParameters {
  maxTokens: number;
  temperature: number | null;
  topP: number | null;
}

/** One exchange of a conversation as the page shows it: the prompt and the answer to it. */
export interface ConversationTurn {
  /** The history id (the `queryId` of feedback); null until the server sent it. */
  id: string | null;
  prompt: string;
  answer: string;
  /** `streaming` also stands for a turn that still runs elsewhere (reopened mid-answer). */
  status: Exclude<StreamStatus, "idle">;
  model: string | null;
  stats: TGenerationStats | null;
  parameters: TurnParameters | null;
  error: ApiError | null;
  feedback: TFeedback | null;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);
const isErrorCode = (code: string): code is ErrorCode => KNOWN_CODES.has(code);

const STATUS_OF_ROW: Record<THistoryItem["status"], ConversationTurn["status"]> = {
  running: "streaming",
  completed: "finished",
  cancelled: "stopped",
  failed: "failed",
};

/** A stored turn (from `GET /api/conversations/:id`). */
export function turnFromHistory(item: THistoryItem): ConversationTurn {
  const { promptTokens, completionTokens, durationMs, finishReason } = item;
  const stats =
    promptTokens !== null && completionTokens !== null && durationMs !== null && finishReason
      ? {
          promptTokens,
          completionTokens,
          durationMs,
          timeToFirstTokenMs: item.timeToFirstTokenMs,
          finishReason,
        }
      : null;
  return {
    id: item.id,
    prompt: item.prompt,
    answer: item.answer,
    status: STATUS_OF_ROW[item.status],
    model: item.model,
    stats,
    parameters: item.parameters,
    error: item.error
      ? new ApiError(
          isErrorCode(item.error.code) ? item.error.code : "generation.failed",
          item.error.message,
        )
      : null,
    feedback: item.feedback,
  };
}

/** The turn being streamed now (or just ended), or null when nothing was sent. */
export function turnFromStream(
  prompt: string,
  stream: GenerationStreamState,
  model: string | null,
): ConversationTurn | null {
  if (stream.status === "idle") return null;
  return {
    id: stream.generationId,
    prompt,
    answer: stream.text,
    status: stream.status,
    model,
    stats: stream.stats,
    parameters: stream.parameters,
    error: stream.error,
    feedback: null,
  };
}

/** True when an answer can be rated: it ended (whole or stopped) and the server named it. */
export function isRatable(turn: ConversationTurn): turn is ConversationTurn & { id: string } {
  return turn.id !== null && (turn.status === "finished" || turn.status === "stopped");
}
