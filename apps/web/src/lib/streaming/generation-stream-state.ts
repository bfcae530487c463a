import type {
  TGenerationParameters,
  TGenerationStats,
  TQueryKind,
  TStreamEvent,
} from "@codegenie/shared";
import { ApiError } from "../api/api-error";

/**
 * Where a streamed generation is:
 * idle (nothing asked yet) → waiting (sent, no text yet; maybe queued) → streaming (text arriving)
 * → finished (server sent its stats) | stopped (the user pressed Stop) | failed (an error).
 */
export type StreamStatus = "idle" | "waiting" | "streaming" | "finished" | "stopped" | "failed";

/** Everything the UI shows about one streamed generation. */
export interface GenerationStreamState {
  status: StreamStatus;
  /** The answer so far; kept when the user stops or the stream fails. */
  text: string;
  /** The server's id of this generation (its history row), once it sent `generation-start`. */
  generationId: string | null;
  /** From `generation-start`: what kind of request the server runs. */
  kind: TQueryKind | null;
  /** From `generation-start`: the conversation a generate turn belongs to (new or continued). */
  conversationId: string | null;
  /** From `generation-start`: the sampling settings used, after the server's defaults and limits. */
  parameters: TGenerationParameters | null;
  /** Requests ahead of this one while it waits for the model; null when not queued. */
  queuePosition: number | null;
  /** Token counts and timings from the server, once it finished. */
  stats: TGenerationStats | null;
  error: ApiError | null;
  /** Milliseconds from sending to pressing Stop, measured in the browser; null otherwise. */
  elapsedMs: number | null;
}

/** What can happen to a generation, as the reducer sees it. */
export type GenerationStreamAction =
  | { type: "sent" }
  | { type: "reset" }
  | { type: "received"; event: TStreamEvent }
  | { type: "stopped"; elapsedMs: number }
  | { type: "failed"; error: ApiError };

/** The state before anything was asked. */
export const INITIAL_GENERATION_STREAM_STATE: GenerationStreamState = {
  status: "idle",
  text: "",
  generationId: null,
  kind: null,
  conversationId: null,
  parameters: null,
  queuePosition: null,
  stats: null,
  error: null,
  elapsedMs: null,
};

/** True while a request is in flight, i.e. while Stop makes sense. */
export function isStreamRunning(status: StreamStatus): boolean {
  return status === "waiting" || status === "streaming";
}

/** Applies one action; pure, so the whole life of a generation can be tested without React. */
export function reduceGenerationStream(
  state: GenerationStreamState,
  action: GenerationStreamAction,
): GenerationStreamState {
  switch (action.type) {
    case "sent":
      return { ...INITIAL_GENERATION_STREAM_STATE, status: "waiting" };
    case "reset":
      return INITIAL_GENERATION_STREAM_STATE;
    case "received":
      return isStreamRunning(state.status) ? applyEvent(state, action.event) : state;
    case "stopped":
      return isStreamRunning(state.status)
        ? { ...state, status: "stopped", queuePosition: null, elapsedMs: action.elapsedMs }
        : state;
    case "failed":
      return isStreamRunning(state.status)
        ? { ...state, status: "failed", queuePosition: null, error: action.error }
        : state;
  }
}

function applyEvent(state: GenerationStreamState, event: TStreamEvent): GenerationStreamState {
  switch (event.type) {
    case "generation-start":
      return {
        ...state,
        generationId: event.id,
        kind: event.kind,
        conversationId: event.conversationId,
        parameters: event.parameters,
      };
    case "queue-position":
      return { ...state, queuePosition: event.position };
    case "text-delta":
      return { ...state, status: "streaming", queuePosition: null, text: state.text + event.text };
    case "generation-end": {
      const { type: _type, id, ...stats } = event;
      return { ...state, status: "finished", generationId: id, queuePosition: null, stats };
    }
    case "error":
      return {
        ...state,
        status: "failed",
        queuePosition: null,
        error: new ApiError(event.code, event.message),
      };
  }
}
