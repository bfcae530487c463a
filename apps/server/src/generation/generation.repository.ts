import { eq } from "drizzle-orm";
import type { Database } from "../db/database";
import { type GenerationStatus, generations } from "../db/schema";

/** What is known when a generation starts. */
export interface OpenGeneration {
  userId: string;
  modelId: string;
  prompt: string;
  maxTokens: number;
  temperature: number | undefined;
  topP: number | undefined;
}

/** How a generation ended. */
export interface GenerationOutcome {
  status: Exclude<GenerationStatus, "running">;
  responseText: string;
  finishReason: string | null;
  errorCode: string | null;
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

  /** Records a generation as running; returns its id. */
  async open(generation: OpenGeneration): Promise<string> {
    const [row] = await this.#db
      .insert(generations)
      .values({
        userId: generation.userId,
        modelId: generation.modelId,
        prompt: generation.prompt,
        maxTokens: generation.maxTokens,
        temperature: generation.temperature ?? null,
        topP: generation.topP ?? null,
      })
      .returning({ id: generations.id });
    if (!row) throw new Error("insert into generations returned no row");
    return row.id;
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

  /** One generation, or undefined. */
  async find(id: string) {
    const [row] = await this.#db.select().from(generations).where(eq(generations.id, id));
    return row;
  }
}
