import type { TFinishReason } from "@codegenie/shared";
/** One turn of a conversation. */
export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

/**
 * What the model is asked: an optional system instruction and the turns so far, the last one the
 * user's. The embedded engine writes it in the model's prompt format; a remote engine sends it
 * as chat messages.
 */
export interface Conversation {
  system?: string | undefined;
  messages: ChatMessage[];
}

/** One generation for the engine. */
export interface GenerationRequest {
  conversation: Conversation;
  /** Who asks: the scheduler serves users fairly. */
  userId?: string | undefined;
  /** More text that ends the answer, besides the model's own stop strings (OpenAI's `stop`). */
  stopSequences?: string[] | undefined;
  /** Most tokens to generate; fewer when the context window fills up first. */
  maxTokens: number;
  /** Sampling temperature (0 = greedy). Default: the model's. */
  temperature?: number | undefined;
  /** Nucleus sampling threshold. Default: the model's. */
  topP?: number | undefined;
  /** Aborting stops generation; the text so far is returned with finishReason `aborted`. */
  signal: AbortSignal;
  /** Called with each piece of text as it is produced (never splits a UTF-8 character). */
  onTextDelta?: (text: string) => void;
  /** Called while the request waits for a free slot, with its 1-based place in the queue. */
  onQueuePosition?: (position: number) => void;
}

/** A finished (or aborted) generation. */
export interface GenerationResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  /** From the request reaching the engine (queue and model load included) to the end, in ms. */
  durationMs: number;
  /** From the request reaching the engine to the first text, in ms; null when none came. */
  timeToFirstTokenMs: number | null;
  finishReason: TFinishReason;
}

/** Where the engine writes what it does; pino's and Fastify's loggers fit. */
export interface EngineLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  debug(details: object, message: string): void;
}
