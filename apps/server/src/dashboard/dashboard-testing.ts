// Helpers for the dashboard's tests (not used by the server).
import type { Database } from "../db/database";
import { feedback } from "../db/schema";

/** A feedback row as the feedback service stores it; sentiment given as compound + label. */
export interface TestFeedbackRow {
  generationId: string;
  userId: string;
  rating: number;
  createdAt: Date;
  comment?: string;
  /** VADER compound; the label and proportions follow (label from the 0.05 thresholds). */
  compound?: number;
}

/**
 * Inserts feedback straight into the database (the dashboard tests choose sentiment scores
 * that are exact in binary, so means can be compared exactly).
 */
export async function insertFeedbackRow(db: Database, row: TestFeedbackRow) {
  const compound = row.comment === undefined ? null : (row.compound ?? 0);
  const label =
    compound === null
      ? null
      : compound >= 0.05
        ? "positive"
        : compound <= -0.05
          ? "negative"
          : "neutral";
  const [inserted] = await db
    .insert(feedback)
    .values({
      generationId: row.generationId,
      userId: row.userId,
      rating: row.rating,
      comment: row.comment ?? null,
      sentimentCompound: compound,
      sentimentPositive: compound === null ? null : Math.max(compound, 0),
      sentimentNeutral: compound === null ? null : 1 - Math.abs(compound),
      sentimentNegative: compound === null ? null : Math.max(-compound, 0),
      sentimentLabel: label,
      createdAt: row.createdAt,
      updatedAt: row.createdAt,
    })
    .returning();
  if (!inserted) throw new Error("insert into feedback returned no row");
  return inserted;
}
