import type { TQueryKind } from "@codegenie/shared";
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Database } from "../db/database";
import { conversations, type GenerationStatus, generations } from "../db/schema";
import { AppError } from "../errors";
import type { EarlierTurn } from "./prompt-window";

/** The conversation a generate turn joins: an existing one of the user's, or a new one. */
export type ConversationTarget = { conversationId: string } | { newTitle: string };

/** What is known when a generation starts. */
export interface OpenGeneration {
  userId: string;
  kind: TQueryKind;
  /** Where a generate turn goes; null for explain and OpenAI API requests. */
  conversation: ConversationTarget | null;
  modelId: string;
  /** null = auto. */
  language: string | null;
  style: string | null;
  prompt: string;
  maxTokens: number;
  temperature: number;
  topP: number;
}

/** How a generation ended. */
export interface GenerationOutcome {
  status: Exclude<GenerationStatus, "running">;
  responseText: string;
  finishReason: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  durationMs: number | null;
  timeToFirstTokenMs: number | null;
}

/** The SQL of the generation history. */
export class GenerationRepository {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Records a generation as running; returns its id and conversation. A generate turn creates its
   * conversation or touches the existing one's `updated_at` in the same transaction; an existing
   * conversation that is gone (or not the user's) throws 404 conversation.not_found.
   */
  async open(generation: OpenGeneration): Promise<{ id: string; conversationId: string | null }> {
    const { conversation, ...values } = generation;
    return this.#db.transaction(async (tx) => {
      let conversationId: string | null = null;
      if (conversation !== null) {
        const [row] =
          "newTitle" in conversation
            ? await tx
                .insert(conversations)
                .values({ userId: generation.userId, title: conversation.newTitle })
                .returning({ id: conversations.id })
            : await tx
                .update(conversations)
                .set({ updatedAt: new Date() })
                .where(ownConversation(conversation.conversationId, generation.userId))
                .returning({ id: conversations.id });
        if (!row) throw new AppError("conversation.not_found");
        conversationId = row.id;
      }
      const [row] = await tx
        .insert(generations)
        .values({ ...values, conversationId })
        .returning({ id: generations.id });
      if (!row) throw new Error("insert into generations returned no row");
      return { id: row.id, conversationId };
    });
  }

  /** Whether the user has this conversation. */
  async hasConversation(conversationId: string, userId: string): Promise<boolean> {
    const rows = await this.#db
      .select({ id: conversations.id })
      .from(conversations)
      .where(ownConversation(conversationId, userId));
    return rows.length > 0;
  }

  /**
   * The turns of a conversation a follow-up carries, oldest first: completed and cancelled ones
   * with an answer (failed and running turns are left out).
   */
  async earlierTurns(conversationId: string): Promise<EarlierTurn[]> {
    return this.#db
      .select({ prompt: generations.prompt, answer: generations.responseText })
      .from(generations)
      .where(
        and(
          eq(generations.conversationId, conversationId),
          inArray(generations.status, ["completed", "cancelled"]),
          ne(generations.responseText, ""),
        ),
      )
      .orderBy(asc(generations.createdAt), asc(generations.id));
  }

  /** Closes a running generation with its text, counts and timings. */
  async close(id: string, outcome: GenerationOutcome): Promise<void> {
    await this.#db
      .update(generations)
      .set({
        ...outcome,
        durationMs: outcome.durationMs === null ? null : Math.round(outcome.durationMs),
        timeToFirstTokenMs:
          outcome.timeToFirstTokenMs === null ? null : Math.round(outcome.timeToFirstTokenMs),
        finishedAt: new Date(),
      })
      .where(eq(generations.id, id));
  }

  /**
   * Marks every generation still `running` as `failed` with `server.restarted`, keeping the text
   * streamed so far: after a crash (SIGKILL, power loss) nothing will ever finish them. Only for a
   * database this process has to itself; returns how many there were.
   */
  async failInterrupted(): Promise<number> {
    const failed = await this.#db
      .update(generations)
      .set({
        status: "failed",
        errorCode: "server.restarted",
        errorMessage: "The server stopped while this answer was being written.",
        finishedAt: new Date(),
      })
      .where(eq(generations.status, "running"))
      .returning({ id: generations.id });
    return failed.length;
  }

  /** One generation, or undefined. */
  async find(id: string) {
    const [row] = await this.#db.select().from(generations).where(eq(generations.id, id));
    return row;
  }
}

function ownConversation(conversationId: string, userId: string) {
  return and(eq(conversations.id, conversationId), eq(conversations.userId, userId));
}
