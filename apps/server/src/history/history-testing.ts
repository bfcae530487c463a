// Helpers for the tests of history, conversations and feedback (not used by the server).
import type { SQL } from "drizzle-orm";
import type { Database } from "../db/database";
import { conversations, generations } from "../db/schema";

/** A history row as the generation service writes it; tests override what they need. */
export type TestHistoryRow = Partial<Omit<typeof generations.$inferInsert, "createdAt">> & {
  userId: string;
  /** A Date, or SQL for a timestamp with microseconds. */
  createdAt?: Date | SQL;
};

let rowCounter = 0;

/**
 * Inserts a finished history row straight into the database, shaped like the generation
 * service's (tests of history, conversations and feedback need no model engine).
 */
export async function insertHistoryRow(db: Database, row: TestHistoryRow) {
  rowCounter += 1;
  const [inserted] = await db
    .insert(generations)
    .values({
      kind: "generate",
      modelId: "deepseek-coder-1.3b-instruct",
      language: null,
      prompt: `Prompt number ${rowCounter}`,
      responseText: `Answer number ${rowCounter}`,
      status: "completed",
      finishReason: "stop",
      maxTokens: 256,
      temperature: 0.2,
      topP: 0.95,
      promptTokens: 12,
      completionTokens: 34,
      durationMs: 420,
      timeToFirstTokenMs: 35,
      finishedAt: new Date(),
      ...row,
    })
    .returning();
  if (!inserted) throw new Error("insert into generations returned no row");
  return inserted;
}

/** Inserts a conversation of a user, as the generation service opens one with its first turn. */
export async function insertConversation(
  db: Database,
  userId: string,
  title: string,
  updatedAt?: Date | SQL,
) {
  const [inserted] = await db
    .insert(conversations)
    .values({ userId, title, ...(updatedAt ? { updatedAt } : {}) })
    .returning();
  if (!inserted) throw new Error("insert into conversations returned no row");
  return inserted;
}

/**
 * The contents of every backtick code block of a Markdown text, read by CommonMark's rule: a
 * block opened by N backticks is closed only by a line of at least N backticks (up to three
 * spaces of indent) and nothing else.
 */
export function readCodeBlocks(markdown: string): { info: string; text: string }[] {
  const blocks: { info: string; text: string }[] = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const opening = /^ {0,3}(`{3,})([^`]*)$/.exec(lines[index] ?? "");
    if (!opening) continue;
    const fenceLength = opening[1]?.length ?? 0;
    const body: string[] = [];
    index += 1;
    while (index < lines.length) {
      const closing = /^ {0,3}(`+)\s*$/.exec(lines[index] ?? "");
      if (closing && (closing[1]?.length ?? 0) >= fenceLength) break;
      body.push(lines[index] ?? "");
      index += 1;
    }
    blocks.push({ info: opening[2]?.trim() ?? "", text: body.join("\n") });
  }
  return blocks;
}
