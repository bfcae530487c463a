import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
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
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("users_username_lower_idx").on(sql`lower(${table.username})`),
    uniqueIndex("users_email_idx").on(table.email),
    uniqueIndex("users_admin_slot_idx").on(table.adminSlot),
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

/**
 * One row per generation request, opened before the model starts and closed on end, abort or
 * error, so nothing a user asked or got back is lost — even when the client disconnects.
 */
export const generations = pgTable(
  "generations",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Who asked; their history goes with their account. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
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
    index("generations_user_id_idx").on(table.userId),
    check(
      "generations_status_check",
      sql`${table.status} in ('running', 'completed', 'aborted', 'failed')`,
    ),
  ],
);

/** Values of `generations.status`. */
export type GenerationStatus = "running" | "completed" | "aborted" | "failed";

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
