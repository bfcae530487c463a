import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, real, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * One row per generation request, opened before the model starts and closed on end, abort or
 * error, so nothing a user asked or got back is lost — even when the client disconnects.
 */
export const generations = pgTable(
  "generations",
  {
    id: uuid().primaryKey().defaultRandom(),
    modelId: text("model_id").notNull(),
    prompt: text().notNull(),
    /** The answer so far; the whole answer once `status` is no longer `running`. */
    responseText: text("response_text").notNull().default(""),
    /** running | completed | aborted | failed */
    status: text().notNull().default("running"),
    /** stop | max-tokens | aborted, when the engine finished. */
    finishReason: text("finish_reason"),
    /** The error catalogue code when `status` is `failed`. */
    errorCode: text("error_code"),
    maxTokens: integer("max_tokens").notNull(),
    temperature: real(),
    topP: real("top_p"),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    durationMs: integer("duration_ms"),
    timeToFirstTokenMs: integer("time_to_first_token_ms"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [
    index("generations_created_at_idx").on(table.createdAt),
    check(
      "generations_status_check",
      sql`${table.status} in ('running', 'completed', 'aborted', 'failed')`,
    ),
  ],
);

/** Values of `generations.status`. */
export type GenerationStatus = "running" | "completed" | "aborted" | "failed";
