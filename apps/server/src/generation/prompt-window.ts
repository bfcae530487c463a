import type { ChatMessage, Conversation } from "@codegenie/llm";

/** A conversation's size in a model: its prompt tokens and the tokens the model's window holds. */
export interface PromptMeasure {
  promptTokens: number;
  contextSize: number;
}

/** Measures a conversation written in a model's prompt format. */
export type MeasurePrompt = (conversation: Conversation) => Promise<PromptMeasure>;

/** An earlier turn of a conversation. */
export interface EarlierTurn {
  prompt: string;
  answer: string;
}

/** What to fit into a model's context window. */
export interface WindowRequest {
  /** The system part (instruction and project context); never dropped. */
  system: string;
  /** Earlier turns, oldest first; dropped oldest first when they do not fit. */
  earlierTurns: readonly EarlierTurn[];
  /** The current message; never dropped or cut. */
  prompt: string;
  /** Answer tokens asked for (already capped by the server). */
  maxTokens: number;
  /** Fewest answer tokens the prompt must leave free (or `maxTokens` when smaller). */
  minAnswerTokens: number;
}

/** The outcome of fitting a request into the window. */
export type WindowFit =
  | {
      fits: true;
      conversation: Conversation;
      promptTokens: number;
      /** `maxTokens`, lowered to what the window leaves when the prompt alone takes more. */
      maxTokens: number;
      /** Earlier turns left out, oldest first. */
      droppedTurns: number;
    }
  | {
      fits: false;
      /** Tokens of the system part and the current message alone. */
      promptTokens: number;
      /** Most prompt tokens the window takes with the least answer room. */
      limit: number;
    };

/**
 * Fits a conversation into the model's context window. Earlier turns are kept, newest first, as
 * long as the whole `maxTokens` still fits after the prompt; the system part and the current
 * message always stay. When they alone leave less than `minAnswerTokens` free, the request does
 * not fit; when they leave less than `maxTokens`, `maxTokens` is lowered to the room left.
 * Binary search over how many turns to drop, so a long conversation is measured O(log n) times.
 */
export async function fitToWindow(
  request: WindowRequest,
  measure: MeasurePrompt,
): Promise<WindowFit> {
  const { earlierTurns, maxTokens } = request;
  const withDropped = (dropped: number): Conversation => ({
    system: request.system,
    messages: [
      ...earlierTurns.slice(dropped).flatMap(turnMessages),
      { role: "user", content: request.prompt },
    ],
  });

  const alone = await measure(withDropped(earlierTurns.length));
  const leastRoom = Math.min(request.minAnswerTokens, maxTokens);
  if (alone.promptTokens + leastRoom > alone.contextSize) {
    return { fits: false, promptTokens: alone.promptTokens, limit: alone.contextSize - leastRoom };
  }
  const fitsWhole = (measured: PromptMeasure) =>
    measured.promptTokens + maxTokens <= measured.contextSize;

  let best = { dropped: earlierTurns.length, measured: alone };
  if (earlierTurns.length > 0 && fitsWhole(alone)) {
    // Fewest turns to drop such that the whole answer still fits: `low` never fits, `high` does.
    let low = -1;
    let high = earlierTurns.length;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      const measured = await measure(withDropped(middle));
      if (fitsWhole(measured)) {
        high = middle;
        best = { dropped: middle, measured };
      } else {
        low = middle;
      }
    }
  }
  const { promptTokens, contextSize } = best.measured;
  return {
    fits: true,
    conversation: withDropped(best.dropped),
    promptTokens,
    maxTokens: Math.min(maxTokens, contextSize - promptTokens),
    droppedTurns: best.dropped,
  };
}

/**
 * A remote model's prompt size, estimated (its tokenizer is on its server): about three
 * characters a token, which over-counts English and code a little, plus a few tokens of markup
 * per message.
 */
export function estimatePromptTokens(conversation: Conversation): number {
  const texts = [conversation.system ?? "", ...conversation.messages.map((m) => m.content)];
  const characters = texts.reduce((sum, text) => sum + text.length, 0);
  return Math.ceil(characters / 3) + 4 * texts.length + 3;
}

function turnMessages(turn: EarlierTurn): ChatMessage[] {
  return [
    { role: "user", content: turn.prompt },
    { role: "assistant", content: turn.answer },
  ];
}
