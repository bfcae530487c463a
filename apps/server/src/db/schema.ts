import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/**
 * Accounts. `admin_slot` (1 or 2, unique) is what makes "at most two admins" hold under any
 * concurrency: an admin must own one of two slots, and the database refuses a second owner.
 *
 * Full-text search: users, generations, feedback and audit_log each have a `search_vector`
 * tsvector column that PostgreSQL computes itself (`GENERATED ALWAYS AS (to_tsvector(…)) STORED`,
 * GIN-indexed). It is written by hand in migration 0006 and deliberately left out of these
 * tables: Drizzle selects every declared column, and the vectors must not ride along on every
 * history page or guard lookup. Only `admin/admin-search.repository.ts` reads them.
 */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    username: text().notNull(),
    /** Lower-cased, trimmed. */
    email: text().notNull(),
    displayName: text("display_name").notNull(),
    /** `pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>`. */
    passwordHash: text("password_hash").notNull(),
    role: text().notNull().default("user"),
    adminSlot: smallint("admin_slot"),
    avatarSource: text("avatar_source").notNull().default("initials"),
    avatarWebp: bytea("avatar_webp"),
    avatarUpdatedAt: timestamp("avatar_updated_at", { withTimezone: true }),
    /** The two question texts, AES-256-GCM encrypted with a key derived from the server secret. */
    securityQuestionsEncrypted: text("security_questions_encrypted"),
    /** Salted PBKDF2 hashes of the normalised answers, in question order. */
    securityAnswerHashes: jsonb("security_answer_hashes").$type<string[]>(),
    failedLoginCount: integer("failed_login_count").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    /**
     * Set when an administrator forces a password reset: sign-in is refused with
     * `auth.password_reset_required` until the user resets it through "forgot password".
     */
    passwordResetRequired: boolean("password_reset_required").notNull().default(false),
    /** Custom instructions (conventions, stack) that go into every prompt of this user. */
    projectContext: text("project_context").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("users_username_lower_idx").on(sql`lower(${table.username})`),
    uniqueIndex("users_email_idx").on(table.email),
    uniqueIndex("users_admin_slot_idx").on(table.adminSlot),
    // Prefix search (`like 'abc%'`) of the admin search, whatever the database's collation.
    index("users_email_prefix_idx").on(table.email.op("text_pattern_ops")),
    index("users_username_prefix_idx").on(sql`lower(${table.username}) text_pattern_ops`),
    index("users_id_prefix_idx").on(sql`(${table.id}::text) text_pattern_ops`),
    check("users_role_check", sql`${table.role} in ('user', 'admin')`),
    check(
      "users_admin_slot_check",
      sql`(${table.role} = 'admin') = (${table.adminSlot} is not null) and (${table.adminSlot} is null or ${table.adminSlot} in (1, 2))`,
    ),
    check(
      "users_avatar_source_check",
      sql`${table.avatarSource} in ('initials', 'gravatar', 'upload')`,
    ),
  ],
);

/**
 * A signed-in session (one device). Access tokens carry its id (`sid`) and are refused once
 * `revoked_at` is set, so logout takes effect on the next request.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ip: text(),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [index("sessions_user_id_idx").on(table.userId)],
);

/**
 * Refresh tokens, stored as SHA-256 hashes. Each use marks the token used and issues the next one
 * of the same session; presenting a used token again means it was stolen: the session is revoked.
 */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("refresh_tokens_token_hash_idx").on(table.tokenHash)],
);

/** Emailed one-time codes, hashed; one live code per user. */
export const passwordResetCodes = pgTable(
  "password_reset_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    attempts: integer().notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index("password_reset_codes_user_id_idx").on(table.userId)],
);

/** Fixed-window counters for rate limits, shared by every server process on the database. */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text().primaryKey(),
  count: integer().notNull(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
});

/** Who did what to whom. Names are copied so entries outlive deleted accounts. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    action: text().notNull(),
    actorId: uuid("actor_id"),
    actorUsername: text("actor_username"),
    targetId: uuid("target_id"),
    targetUsername: text("target_username"),
    ip: text(),
    userAgent: text("user_agent"),
    details: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (table) => [
    index("audit_log_created_at_idx").on(table.createdAt),
    index("audit_log_target_id_idx").on(table.targetId),
  ],
);

/** A conversation groups the turns (generate requests) of one thread; deleting it deletes them. */
export const conversations = pgTable(
  "conversations",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text().notNull(),
    createdAt: createdAt(),
    /** Set when a turn is added or the title changes; lists sort by it. */
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("conversations_user_updated_idx").on(table.userId, table.updatedAt.desc(), table.id),
  ],
);

/**
 * The history: one row per generate or explain request, opened before the model starts and
 * closed on end, cancel or error, so nothing a user asked or got back is lost — even when the
 * client disconnects.
 */
export const generations = pgTable(
  "generations",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Who asked; their history goes with their account. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** generate | explain */
    kind: text().notNull().default("generate"),
    /** The conversation of a generate turn; null for explain and OpenAI API requests. */
    conversationId: uuid("conversation_id").references(() => conversations.id, {
      onDelete: "cascade",
    }),
    modelId: text("model_id").notNull(),
    /** The programming language asked for (generate) or of the code (explain); null = auto. */
    language: text(),
    /** The explanation style of an explain request. */
    style: text(),
    /** The user's prompt (generate) or code (explain), as sent. */
    prompt: text().notNull(),
    /** The answer so far; the whole answer once `status` is no longer `running`. */
    responseText: text("response_text").notNull().default(""),
    /** running | completed | cancelled | failed */
    status: text().notNull().default("running"),
    /** stop | max-tokens | aborted | timeout, when the engine finished. */
    finishReason: text("finish_reason"),
    /** The error catalogue code when `status` is `failed`. */
    errorCode: text("error_code"),
    /** What went wrong, in words, when `status` is `failed`. */
    errorMessage: text("error_message"),
    maxTokens: integer("max_tokens").notNull(),
    temperature: real(),
    topP: real("top_p"),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    durationMs: integer("duration_ms"),
    timeToFirstTokenMs: integer("time_to_first_token_ms"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** When the code blocks of the finished answer were extracted and checked; null until then. */
    codeCheckedAt: timestamp("code_checked_at", { withTimezone: true }),
  },
  (table) => [
    index("generations_created_at_idx").on(table.createdAt),
    index("generations_user_created_idx").on(table.userId, table.createdAt.desc(), table.id.desc()),
    index("generations_conversation_idx").on(table.conversationId, table.createdAt),
    // Answers being written: tiny; the embedded database's start-up fails those a crash cut off.
    index("generations_running_idx").on(table.createdAt).where(sql`${table.status} = 'running'`),
    // Finished answers whose code is not checked yet: small, read at start-up to catch up.
    index("generations_code_unchecked_idx")
      .on(table.createdAt, table.id)
      .where(sql`${table.codeCheckedAt} is null and ${table.status} in ('completed', 'cancelled')`),
    check(
      "generations_status_check",
      sql`${table.status} in ('running', 'completed', 'cancelled', 'failed')`,
    ),
    check("generations_kind_check", sql`${table.kind} in ('generate', 'explain')`),
  ],
);

/** Values of `generations.status`. */
export type GenerationStatus = "running" | "completed" | "cancelled" | "failed";

/**
 * A user's rating of one of their answers (one per answer, editable), with the comment's VADER
 * sentiment: scored once when written, so dashboards aggregate stored numbers.
 */
export const feedback = pgTable(
  "feedback",
  {
    id: uuid().primaryKey().defaultRandom(),
    generationId: uuid("generation_id")
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    rating: smallint().notNull(),
    /** Null when the user only rated. */
    comment: text(),
    /** VADER compound score, −1…+1; null without a comment. */
    sentimentCompound: real("sentiment_compound"),
    sentimentPositive: real("sentiment_positive"),
    sentimentNeutral: real("sentiment_neutral"),
    sentimentNegative: real("sentiment_negative"),
    /** positive (compound ≥ 0.05) | negative (≤ −0.05) | neutral; null without a comment. */
    sentimentLabel: text("sentiment_label"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("feedback_generation_id_idx").on(table.generationId),
    index("feedback_user_id_idx").on(table.userId),
    index("feedback_created_at_idx").on(table.createdAt),
    check("feedback_rating_check", sql`${table.rating} between 1 and 5`),
    check(
      "feedback_sentiment_label_check",
      sql`${table.sentimentLabel} in ('positive', 'neutral', 'negative')`,
    ),
  ],
);

/**
 * The fenced code blocks of an answer, taken out after the answer is saved, with their syntax
 * check and (Python, JavaScript) one automatic sandboxed run: the code-quality measurements.
 */
export const codeBlocks = pgTable(
  "code_blocks",
  {
    id: uuid().primaryKey().defaultRandom(),
    generationId: uuid("generation_id")
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    /** Order in the answer, from 0. */
    blockIndex: integer("block_index").notNull(),
    /** Normalised language (`python`, `cpp` …); null when unknown. */
    language: text(),
    isLanguageGuessed: boolean("is_language_guessed").notNull().default(false),
    code: text().notNull(),
    /** Null when the language has no syntax check. */
    syntaxValid: boolean("syntax_valid"),
    syntaxErrorLine: integer("syntax_error_line"),
    syntaxErrorColumn: integer("syntax_error_column"),
    syntaxErrorMessage: text("syntax_error_message"),
    /** ok | error | timeout | memory_limit; null when not run. */
    executionStatus: text("execution_status"),
    executionStdout: text("execution_stdout"),
    executionStderr: text("execution_stderr"),
    executionExitCode: integer("execution_exit_code"),
    executionDurationMs: integer("execution_duration_ms"),
    executionTruncated: boolean("execution_truncated"),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("code_blocks_generation_block_idx").on(table.generationId, table.blockIndex),
    index("code_blocks_created_at_idx").on(table.createdAt),
    check(
      "code_blocks_execution_status_check",
      sql`${table.executionStatus} in ('ok', 'error', 'timeout', 'memory_limit')`,
    ),
  ],
);

/**
 * Personal API keys for the OpenAI-compatible `/v1` routes. Only a SHA-256 hash of the key is
 * kept: the keys are 32 random bytes (256 bits), so unlike passwords they cannot be guessed or
 * brute-forced from the hash, and a fast unsalted hash lets every request find its key with one
 * indexed lookup. `key_prefix` (the first characters) lets the owner tell keys apart.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    keyPrefix: text("key_prefix").notNull(),
    /** Hex SHA-256 of the whole key. */
    keyHash: text("key_hash").notNull(),
    createdAt: createdAt(),
    /** Updated at most once a minute, so busy keys do not write on every request. */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("api_keys_key_hash_idx").on(table.keyHash),
    index("api_keys_user_id_idx").on(table.userId),
  ],
);

/**
 * Rollups for the admin pages, kept by the database itself: statement-level triggers on
 * `generations` and `feedback` (migration 0008, written by hand) add and subtract the rows every
 * insert, update and delete touches, so the dashboard reads a few thousand rollup rows instead of
 * a million history rows, and the numbers stay exactly those of the raw rows.
 */

/** Per user: queries asked (and the last one), ratings given and their sum. */
export const userStats = pgTable("user_stats", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  queryCount: integer("query_count").notNull().default(0),
  lastQueryAt: timestamp("last_query_at", { withTimezone: true }),
  feedbackCount: integer("feedback_count").notNull().default(0),
  ratingSum: integer("rating_sum").notNull().default(0),
});

/**
 * Per UTC hour (of `generations.created_at`), model, kind and status: how many queries, and the
 * completion tokens and milliseconds of the timed completed ones (for tokens per second).
 */
export const usageHourly = pgTable(
  "usage_hourly",
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    modelId: text("model_id").notNull(),
    kind: text().notNull(),
    status: text().notNull(),
    queries: integer().notNull(),
    timedTokens: bigint("timed_tokens", { mode: "number" }).notNull(),
    timedMs: bigint("timed_ms", { mode: "number" }).notNull(),
  },
  (table) => [
    uniqueIndex("usage_hourly_key_idx").on(table.hour, table.modelId, table.kind, table.status),
  ],
);

/**
 * Per UTC day (of `generations.created_at`) and model: how many completed answers fall in each
 * logarithmic bin of latency or time to first token (`metric`). Bin b holds values near
 * e^(b/32), about 3 % wide: percentiles over a month of answers come from a few hundred bins
 * instead of sorting hundreds of thousands of rows.
 */
export const latencyDaily = pgTable(
  "latency_daily",
  {
    day: timestamp({ withTimezone: true }).notNull(),
    modelId: text("model_id").notNull(),
    /** latency | ttft */
    metric: text().notNull(),
    bin: smallint().notNull(),
    answers: integer().notNull(),
  },
  (table) => [
    uniqueIndex("latency_daily_key_idx").on(table.day, table.modelId, table.metric, table.bin),
  ],
);

/**
 * Per UTC hour (of the answer's `generations.created_at`), model and language ('' = unknown):
 * the code-quality counts of the answers' code blocks.
 */
export const qualityHourly = pgTable(
  "quality_hourly",
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    modelId: text("model_id").notNull(),
    language: text().notNull(),
    blocks: integer().notNull(),
    syntaxChecked: integer("syntax_checked").notNull(),
    syntaxValid: integer("syntax_valid").notNull(),
    executed: integer().notNull(),
    executionSucceeded: integer("execution_succeeded").notNull(),
  },
  (table) => [uniqueIndex("quality_hourly_key_idx").on(table.hour, table.modelId, table.language)],
);

/**
 * Per UTC hour (of `feedback.created_at`), model of the rated answer, rating and sentiment label
 * ('' = no comment): how many ratings, how many comments and the sum of their VADER compounds.
 */
export const feedbackHourly = pgTable(
  "feedback_hourly",
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    modelId: text("model_id").notNull(),
    rating: smallint().notNull(),
    sentimentLabel: text("sentiment_label").notNull(),
    ratings: integer().notNull(),
    comments: integer().notNull(),
    compoundSum: doublePrecision("compound_sum").notNull(),
  },
  (table) => [
    uniqueIndex("feedback_hourly_key_idx").on(
      table.hour,
      table.modelId,
      table.rating,
      table.sentimentLabel,
    ),
  ],
);

/**
 * Who asked anything in each UTC hour (of `generations.created_at`): one row per user and hour.
 * Distinct counts of active users do not add up across hours, but a month of these narrow rows
 * is much cheaper to count than a month of history rows.
 */
export const activityHourly = pgTable(
  "activity_hourly",
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.hour, table.userId] })],
);
