import { sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { rateLimitBuckets } from "../db/schema";
import { AppError } from "../errors";

/** One limit: at most `max` events per `windowSeconds` for a key. */
export interface RateLimit {
  max: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in the database, so a limit holds across every server process sharing
 * it. One atomic upsert per event: no read-then-write race.
 */
export class RateLimiter {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Counts one event for `key`; throws 429 `rate_limited` with Retry-After past the limit. */
  async consume(key: string, limit: RateLimit): Promise<void> {
    const windowOver = sql`${rateLimitBuckets.windowStart} <= now() - make_interval(secs => ${limit.windowSeconds})`;
    const [row] = await this.#db
      .insert(rateLimitBuckets)
      .values({ key, count: 1, windowStart: sql`now()` })
      .onConflictDoUpdate({
        target: rateLimitBuckets.key,
        set: {
          count: sql`case when ${windowOver} then 1 else ${rateLimitBuckets.count} + 1 end`,
          windowStart: sql`case when ${windowOver} then now() else ${rateLimitBuckets.windowStart} end`,
        },
      })
      .returning({
        count: rateLimitBuckets.count,
        retryAfterSeconds: sql<number>`extract(epoch from (${rateLimitBuckets.windowStart} + make_interval(secs => ${limit.windowSeconds}) - now()))::float8`,
      });
    if (row && row.count > limit.max) {
      throw new AppError("rate_limited").withRetryAfter(Number(row.retryAfterSeconds));
    }
  }
}
