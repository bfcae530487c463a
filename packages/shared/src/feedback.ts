import { z } from "zod";

/** The most characters a feedback comment may have. */
export const FEEDBACK_COMMENT_MAX_CHARS = 2000;

/** VADER's scores of a comment; the label is positive ≥ 0.05, negative ≤ −0.05, else neutral. */
export const ZSentiment = z.object({
  /** −1 (most negative) … +1 (most positive). */
  compound: z.number(),
  positive: z.number(),
  neutral: z.number(),
  negative: z.number(),
  label: z.enum(["positive", "neutral", "negative"]),
});
export type TSentiment = z.infer<typeof ZSentiment>;

/**
 * `POST /api/feedback`: rate one of one's own answers (`queryId` is its history id). Sending it
 * again for the same answer edits the feedback. An empty comment counts as none.
 */
export const ZFeedbackRequest = z.object({
  queryId: z.uuid(),
  rating: z.int().min(1).max(5),
  comment: z.string().trim().max(FEEDBACK_COMMENT_MAX_CHARS).optional(),
});
export type TFeedbackRequest = z.infer<typeof ZFeedbackRequest>;

/** Feedback as stored; `sentiment` is null when there is no comment. */
export const ZFeedback = z.object({
  id: z.uuid(),
  queryId: z.uuid(),
  rating: z.int().min(1).max(5),
  comment: z.string().nullable(),
  sentiment: ZSentiment.nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type TFeedback = z.infer<typeof ZFeedback>;
