import { type TFeedback, type TSentiment, ZSentiment } from "@codegenie/shared";
import type { feedback } from "../db/schema";

/** A row of the feedback table. */
export type FeedbackRow = typeof feedback.$inferSelect;

// The scores are stored as 4-byte floats; VADER gives compound to 4 places and the proportions
// to 3, so rounding back to 4 places returns exactly what VADER said.
const fromReal = (value: number) => Math.round(value * 10_000) / 10_000;

/** Feedback as the API shows it; `sentiment` is null when there is no comment. */
export function presentFeedback(row: FeedbackRow): TFeedback {
  return {
    id: row.id,
    queryId: row.generationId,
    rating: row.rating,
    comment: row.comment,
    sentiment: presentSentiment(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentSentiment(row: FeedbackRow): TSentiment | null {
  const label = ZSentiment.shape.label.safeParse(row.sentimentLabel);
  const {
    sentimentCompound: compound,
    sentimentPositive: positive,
    sentimentNeutral: neutral,
    sentimentNegative: negative,
  } = row;
  if (!label.success || compound === null || positive === null) return null;
  if (neutral === null || negative === null) return null;
  return {
    compound: fromReal(compound),
    positive: fromReal(positive),
    neutral: fromReal(neutral),
    negative: fromReal(negative),
    label: label.data,
  };
}
