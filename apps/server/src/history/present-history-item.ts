import {
  ERROR_CATALOGUE,
  ERROR_CODES,
  type THistoryItem,
  ZExplainStyle,
  ZFinishReason,
  ZLanguage,
} from "@codegenie/shared";
import { z } from "zod";
import type { generations } from "../db/schema";
import { type FeedbackRow, presentFeedback } from "../feedback/present-feedback";

const ZErrorCode = z.enum(ERROR_CODES);

/** A row of the generations (history) table. */
export type GenerationRow = typeof generations.$inferSelect;

/** A history row with its feedback, as the history queries return it. */
export interface HistoryRow {
  generation: GenerationRow;
  feedback: FeedbackRow | null;
}

/**
 * A history row as the API shows it (`ZHistoryItem`), for the history, conversation and export
 * routes. Values an older server wrote that today's contract does not know (a language or
 * finish reason since renamed) show as null rather than failing the whole page.
 */
export function presentHistoryItem({ generation, feedback }: HistoryRow): THistoryItem {
  return {
    id: generation.id,
    kind: generation.kind === "explain" ? "explain" : "generate",
    model: generation.modelId,
    conversationId: generation.conversationId,
    language: ZLanguage.safeParse(generation.language).data ?? null,
    style: ZExplainStyle.safeParse(generation.style).data ?? null,
    prompt: generation.prompt,
    answer: generation.responseText,
    status: presentStatus(generation.status),
    finishReason: ZFinishReason.safeParse(generation.finishReason).data ?? null,
    error: generation.status === "failed" ? presentError(generation) : null,
    parameters: {
      maxTokens: generation.maxTokens,
      temperature: generation.temperature,
      topP: generation.topP,
    },
    promptTokens: generation.promptTokens,
    completionTokens: generation.completionTokens,
    timeToFirstTokenMs: generation.timeToFirstTokenMs,
    durationMs: generation.durationMs,
    createdAt: generation.createdAt.toISOString(),
    finishedAt: generation.finishedAt?.toISOString() ?? null,
    feedback: feedback ? presentFeedback(feedback) : null,
  };
}

function presentStatus(status: string): THistoryItem["status"] {
  switch (status) {
    case "running":
    case "completed":
    case "cancelled":
    case "failed":
      return status;
    default:
      // The database's check constraint allows only the four above.
      throw new Error(`unknown generation status ${status}`);
  }
}

/** Why a failed row failed: its stored code and message, or the catalogue's words for the code. */
function presentError(generation: GenerationRow): NonNullable<THistoryItem["error"]> {
  const code = generation.errorCode ?? "generation.failed";
  const known = ZErrorCode.safeParse(code);
  const catalogued = known.success ? ERROR_CATALOGUE[known.data].message : undefined;
  return { code, message: generation.errorMessage ?? catalogued ?? "The generation failed." };
}
