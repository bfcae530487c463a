import type { TFinishReason } from "@codegenie/shared";
import type { FormattedPrompt } from "../prompt-formats/prompt-formats";

/** One generation for the engine. */
export interface GenerationRequest {
  prompt: FormattedPrompt;
  /** Most tokens to generate; fewer when the context window fills up first. */
  maxTokens: number;
  /** Sampling temperature (0 = greedy). Default {@link DEFAULT_SAMPLING}. */
  temperature?: number | undefined;
  /** Nucleus sampling threshold. Default {@link DEFAULT_SAMPLING}. */
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

/** Sampling used when a request does not say: low temperature suits code. */
export const DEFAULT_SAMPLING = { temperature: 0.2, topP: 0.95 } as const;

/** Where the engine writes what it does; pino's and Fastify's loggers fit. */
export interface EngineLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  debug(details: object, message: string): void;
}
