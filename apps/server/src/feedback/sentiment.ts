/// <reference path="./vader-sentiment.d.ts" />
import type { TSentiment } from "@codegenie/shared";
import vader from "vader-sentiment";

/** VADER's usual thresholds: compound ≥ 0.05 is positive, ≤ −0.05 negative, else neutral. */
export const SENTIMENT_THRESHOLD = 0.05;

/** The label of a VADER compound score. */
export function sentimentLabel(compound: number): TSentiment["label"] {
  if (compound >= SENTIMENT_THRESHOLD) return "positive";
  if (compound <= -SENTIMENT_THRESHOLD) return "negative";
  return "neutral";
}

/** Scores a feedback comment with VADER (`SentimentIntensityAnalyzer.polarity_scores`). */
export function scoreSentiment(text: string): TSentiment {
  const scores = vader.SentimentIntensityAnalyzer.polarity_scores(text);
  return {
    compound: scores.compound,
    positive: scores.pos,
    neutral: scores.neu,
    negative: scores.neg,
    label: sentimentLabel(scores.compound),
  };
}
