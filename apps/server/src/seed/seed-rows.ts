// What the seeded rows look like: distributions of kinds, models, statuses, timings and ratings.

import { builtInModels } from "@codegenie/llm";
import type { TSentiment } from "@codegenie/shared";
import { ColumnChunk } from "./bulk-insert";
import type { SeedRandom } from "./seed-random";
import * as texts from "./seed-texts";

const DAY_MS = 86_400_000;
/** Queries spread over this many days before now. */
export const SEED_HISTORY_DAYS = 90;
/** Accounts are created over this many days before now (the first one exactly then). */
const ACCOUNT_DAYS = 120;

export const USER_COLUMNS = {
  id: "uuid",
  username: "text",
  email: "text",
  display_name: "text",
  password_hash: "text",
  role: "text",
  admin_slot: "int2",
  last_login_at: "timestamptz",
  created_at: "timestamptz",
  updated_at: "timestamptz",
} as const;

export const CONVERSATION_COLUMNS = {
  id: "uuid",
  user_id: "uuid",
  title: "text",
  created_at: "timestamptz",
  updated_at: "timestamptz",
} as const;

export const GENERATION_COLUMNS = {
  id: "uuid",
  user_id: "uuid",
  kind: "text",
  conversation_id: "uuid",
  model_id: "text",
  language: "text",
  style: "text",
  prompt: "text",
  response_text: "text",
  status: "text",
  finish_reason: "text",
  error_code: "text",
  error_message: "text",
  max_tokens: "int4",
  temperature: "float4",
  top_p: "float4",
  prompt_tokens: "int4",
  completion_tokens: "int4",
  duration_ms: "int4",
  time_to_first_token_ms: "int4",
  created_at: "timestamptz",
  finished_at: "timestamptz",
  code_checked_at: "timestamptz",
} as const;

export const FEEDBACK_COLUMNS = {
  id: "uuid",
  generation_id: "uuid",
  user_id: "uuid",
  rating: "int2",
  comment: "text",
  sentiment_compound: "float4",
  sentiment_positive: "float4",
  sentiment_neutral: "float4",
  sentiment_negative: "float4",
  sentiment_label: "text",
  created_at: "timestamptz",
  updated_at: "timestamptz",
} as const;

export const CODE_BLOCK_COLUMNS = {
  id: "uuid",
  generation_id: "uuid",
  block_index: "int4",
  language: "text",
  is_language_guessed: "bool",
  code: "text",
  syntax_valid: "bool",
  syntax_error_line: "int4",
  syntax_error_column: "int4",
  syntax_error_message: "text",
  execution_status: "text",
  execution_stdout: "text",
  execution_stderr: "text",
  execution_exit_code: "int4",
  execution_duration_ms: "int4",
  execution_truncated: "bool",
  created_at: "timestamptz",
} as const;

/** The rows of one chunk of history, inserted together (conversations before their turns). */
export interface HistoryChunk {
  conversations: ColumnChunk<typeof CONVERSATION_COLUMNS>;
  generations: ColumnChunk<typeof GENERATION_COLUMNS>;
  feedback: ColumnChunk<typeof FEEDBACK_COLUMNS>;
  codeBlocks: ColumnChunk<typeof CODE_BLOCK_COLUMNS>;
}

function emptyHistoryChunk(): HistoryChunk {
  return {
    conversations: new ColumnChunk("conversations", CONVERSATION_COLUMNS),
    generations: new ColumnChunk("generations", GENERATION_COLUMNS),
    feedback: new ColumnChunk("feedback", FEEDBACK_COLUMNS),
    codeBlocks: new ColumnChunk("code_blocks", CODE_BLOCK_COLUMNS),
  };
}

/** Per built-in model: share of queries, decoding speed (tokens/s) and rating weights 1…5. */
const MODEL_PROFILES: Record<
  string,
  { share: number; tokensPerSecond: number; ratings: number[] }
> = {
  "deepseek-coder-1.3b-instruct": { share: 55, tokensPerSecond: 24, ratings: [5, 6, 12, 30, 47] },
  "gemma-2b-it": { share: 25, tokensPerSecond: 17, ratings: [6, 8, 15, 31, 40] },
  "phi-2": { share: 20, tokensPerSecond: 21, ratings: [11, 11, 19, 29, 30] },
};
const DEFAULT_PROFILE = { share: 10, tokensPerSecond: 20, ratings: [6, 7, 14, 30, 43] };
const MODELS = builtInModels("").map(
  (model) => [model.id, (MODEL_PROFILES[model.id] ?? DEFAULT_PROFILE).share] as const,
);

const LANGUAGE_WEIGHTS = [
  ["python", 30],
  ["javascript", 18],
  ["typescript", 14],
  ["sql", 8],
  ["java", 6],
  ["go", 5],
  ["rust", 4],
  ["cpp", 3],
  ["bash", 2],
] as const;
const STYLE_WEIGHTS = [
  ["technical", 45],
  ["beginner", 35],
  ["step-by-step", 20],
] as const;
/** Share of queries by hour of day (UTC): office hours, a lunch dip, quiet nights. */
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 9, 6, 9, 10, 10, 9, 7, 5, 4, 3, 2, 2, 1];
/** Share by day of week (Sunday first): weekends are quiet. */
const WEEKDAY_WEIGHTS = [0.3, 1, 1, 1, 0.95, 0.85, 0.35];
const RUNNABLE = new Set(["python", "javascript"]);

/** The accounts of a seed, oldest first: the first is the administrator when there is none. */
export interface SeedUsers {
  ids: string[];
  createdAt: number[];
}

/** Builds `count` accounts; `firstNumber` keeps user ids unique next to earlier seeds. */
export function buildUsers(
  random: SeedRandom,
  options: {
    count: number;
    firstNumber: number;
    now: number;
    passwordHash: string;
    withAdmin: boolean;
  },
): { users: SeedUsers; chunk: ColumnChunk<typeof USER_COLUMNS> } {
  const { count, now } = options;
  const start = now - ACCOUNT_DAYS * DAY_MS;
  const createdAt = Array.from({ length: count }, (_, index) =>
    index === 0 ? start : start + random.next() * (now - start - 3_600_000),
  ).sort((a, b) => a - b);
  const chunk = new ColumnChunk("users", USER_COLUMNS);
  const ids: string[] = [];
  createdAt.forEach((created, index) => {
    const id = random.uuid();
    const isAdmin = options.withAdmin && index === 0;
    const lastLogin = random.chance(0.85) ? created + random.next() * (now - created) : null;
    ids.push(id);
    chunk.push({
      id,
      ...personColumns(texts.person(random, options.firstNumber + index)),
      password_hash: options.passwordHash,
      role: isAdmin ? "admin" : "user",
      admin_slot: isAdmin ? 1 : null,
      last_login_at: lastLogin === null ? null : iso(lastLogin),
      created_at: iso(created),
      updated_at: iso(lastLogin ?? created),
    });
  });
  return { users: { ids, createdAt }, chunk };
}

function personColumns(person: ReturnType<typeof texts.person>) {
  return { username: person.username, email: person.email, display_name: person.displayName };
}

/** Options of the history a seed writes. */
export interface HistoryOptions {
  queries: number;
  feedback: number;
  withCodeBlocks: boolean;
  chunkSize: number;
  now: number;
}

/**
 * Yields the history in chunks of about `chunkSize` queries: sessions of a user at a moment
 * drawn with a daily and weekly rhythm, generate sessions as conversations of one to a few turns,
 * and exactly `feedback` of the queries rated (by their own user).
 */
export function* buildHistory(
  random: SeedRandom,
  users: SeedUsers,
  options: HistoryOptions,
  score: (comment: string) => TSentiment,
): Generator<HistoryChunk> {
  let chunk = emptyHistoryChunk();
  let index = 0;
  let feedbackLeft = options.feedback;
  while (index < options.queries) {
    const start = sessionTime(random, options.now);
    const userIndex = pickUser(random, users.createdAt, start);
    const userId = users.ids[userIndex] ?? "";
    const isGenerate = random.chance(0.75);
    const turns = isGenerate ? Math.min(turnCount(random), options.queries - index) : 1;
    let conversationId: string | null = null;
    let time = start;
    for (let turn = 0; turn < turns; turn++, index++) {
      // Knuth's selection sampling: exactly `feedback` of the queries, each equally likely.
      const hasFeedback = random.next() * (options.queries - index) < feedbackLeft;
      if (hasFeedback) feedbackLeft -= 1;
      const row = generationRow(random, {
        userId,
        isGenerate,
        time,
        hasFeedback,
        now: options.now,
      });
      if (isGenerate && turn === 0) {
        conversationId = random.uuid();
        chunk.conversations.push({
          id: conversationId,
          user_id: userId,
          title: row.prompt.slice(0, 60),
          created_at: iso(time),
          updated_at: iso(time),
        });
      }
      row.conversation_id = conversationId;
      chunk.generations.push(row);
      if (row.code !== null && options.withCodeBlocks)
        chunk.codeBlocks.push(codeBlockRow(random, row));
      if (hasFeedback) chunk.feedback.push(feedbackRow(random, row, options.now, score));
      time = Math.min(time + random.int(30_000, 360_000), options.now);
    }
    if (conversationId !== null) {
      const last = chunk.conversations.values.updated_at;
      last[last.length - 1] = iso(Math.min(time, options.now));
    }
    if (chunk.generations.length >= options.chunkSize) {
      yield chunk;
      chunk = emptyHistoryChunk();
    }
  }
  if (chunk.generations.length > 0) yield chunk;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

/** A moment in the last 90 days: weekdays and office hours busier, recent weeks a little more. */
function sessionTime(random: SeedRandom, now: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  for (;;) {
    const daysAgo = random.int(0, SEED_HISTORY_DAYS - 1);
    const day = today - daysAgo * DAY_MS;
    const weight =
      (WEEKDAY_WEIGHTS[new Date(day).getUTCDay()] ?? 1) *
      (0.6 + 0.4 * (1 - daysAgo / SEED_HISTORY_DAYS));
    if (random.next() >= weight) continue;
    const hour = random.weighted(HOUR_WEIGHTS.map((w, h) => [h, w] as const));
    const time = day + hour * 3_600_000 + Math.floor(random.next() * 3_600_000);
    if (time <= now) return time;
  }
}

/** An account that existed at `time`, older accounts more active (they have the habit). */
function pickUser(random: SeedRandom, createdAt: number[], time: number): number {
  let low = 0;
  let high = createdAt.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((createdAt[middle] ?? 0) <= time) low = middle + 1;
    else high = middle;
  }
  return Math.floor(Math.max(low, 1) * random.next() ** 1.6);
}

function turnCount(random: SeedRandom): number {
  let turns = 1;
  while (turns < 8 && random.chance(0.45)) turns += 1;
  return turns;
}

type GenerationRow = { -readonly [K in keyof typeof GENERATION_COLUMNS]: unknown } & {
  id: string;
  user_id: string;
  prompt: string;
  /** The fenced code of the answer, when it has one (not a column). */
  code: string | null;
  codeLanguage: string;
  finished: number;
};

function generationRow(
  random: SeedRandom,
  input: { userId: string; isGenerate: boolean; time: number; hasFeedback: boolean; now: number },
): GenerationRow {
  const modelId = random.weighted(MODELS);
  const profile = MODEL_PROFILES[modelId] ?? DEFAULT_PROFILE;
  const status = input.hasFeedback
    ? "completed"
    : random.weighted([
        ["completed", 90],
        ["cancelled", 6],
        ["failed", 4],
      ] as const);
  const askedLanguage: string | null = random.chance(input.isGenerate ? 0.1 : 0.15)
    ? null
    : random.weighted(LANGUAGE_WEIGHTS);
  const codeLanguage = askedLanguage ?? random.pick(["python", "javascript"]);
  const style = input.isGenerate ? null : random.weighted(STYLE_WEIGHTS);
  const prompt = input.isGenerate
    ? texts.generatePrompt(random, askedLanguage)
    : texts.snippet(random, codeLanguage);
  const hasCode = status !== "failed" && random.chance(input.isGenerate ? 0.85 : 0.25);
  const code = hasCode ? texts.snippet(random, codeLanguage) : null;
  const answer = input.isGenerate
    ? texts.generateAnswer(random, codeLanguage, code)
    : texts.explainAnswer(random, style ?? "technical", codeLanguage, code);
  const maxTokens = random.pick([512, 1024, 1024, 2048]);
  const promptTokens = Math.round(prompt.length / 4) + random.int(40, 400);
  const timeToFirstToken = Math.round(random.logNormal(250 + promptTokens * 1.2, 0.35));
  const speed = random.logNormal(profile.tokensPerSecond, 0.15);
  let completionTokens: number | null;
  let finishReason: string | null;
  switch (status) {
    case "completed":
      completionTokens = Math.min(Math.round(random.logNormal(220, 0.6)) + 5, maxTokens);
      finishReason = completionTokens === maxTokens ? "max-tokens" : "stop";
      break;
    case "cancelled":
      completionTokens = Math.min(Math.round(random.logNormal(70, 0.7)) + 1, maxTokens);
      finishReason = "aborted";
      break;
    case "failed":
      completionTokens = null;
      finishReason = null;
      break;
  }
  const duration =
    completionTokens === null
      ? Math.round(random.logNormal(900, 0.5))
      : timeToFirstToken + Math.round((completionTokens / speed) * 1000);
  const finished = input.time + duration;
  const isFailed = status === "failed";
  const errorCode = isFailed
    ? random.weighted([
        ["generation.failed", 80],
        ["model.unavailable", 20],
      ] as const)
    : null;
  return {
    id: random.uuid(),
    user_id: input.userId,
    kind: input.isGenerate ? "generate" : "explain",
    conversation_id: null,
    model_id: modelId,
    language: askedLanguage,
    style,
    prompt,
    response_text:
      status === "completed"
        ? answer
        : status === "cancelled"
          ? answer.slice(0, answer.length >> 1)
          : "",
    status,
    finish_reason: finishReason,
    error_code: errorCode,
    error_message:
      errorCode === null
        ? null
        : errorCode === "model.unavailable"
          ? "The model cannot be used right now."
          : "The model failed while generating.",
    max_tokens: maxTokens,
    temperature: random.pick([0.2, 0.3, 0.4, 0.4, 0.7]),
    top_p: 0.95,
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    duration_ms: duration,
    time_to_first_token_ms: isFailed ? null : timeToFirstToken,
    created_at: iso(input.time),
    finished_at: iso(finished),
    // Marked checked so the server does not try to catch up on a million seeded answers.
    code_checked_at: isFailed ? null : iso(finished),
    // A cancelled answer is cut before its code block closes: no block to check.
    code: status === "completed" ? code : null,
    codeLanguage,
    finished,
  };
}

function codeBlockRow(random: SeedRandom, generation: GenerationRow) {
  const isValid = random.chance(generation.model_id === "phi-2" ? 0.88 : 0.95);
  const isRun = isValid && RUNNABLE.has(generation.codeLanguage);
  const execution = isRun
    ? random.weighted([
        ["ok", 86],
        ["error", 11],
        ["timeout", 2],
        ["memory_limit", 1],
      ] as const)
    : null;
  return {
    id: random.uuid(),
    generation_id: generation.id,
    block_index: 0,
    language: generation.codeLanguage,
    is_language_guessed: false,
    code: generation.code,
    syntax_valid: isValid,
    syntax_error_line: isValid ? null : random.int(1, 5),
    syntax_error_column: isValid ? null : random.int(1, 20),
    syntax_error_message: isValid ? null : "unexpected token",
    execution_status: execution,
    execution_stdout: execution === "ok" ? "done\n" : execution === null ? null : "",
    execution_stderr:
      execution === "error" ? "Error: something went wrong\n" : execution === null ? null : "",
    execution_exit_code: execution === "ok" ? 0 : execution === "error" ? 1 : null,
    execution_duration_ms: execution === null ? null : Math.round(random.logNormal(40, 0.8)),
    execution_truncated: execution === null ? null : false,
    created_at: iso(generation.finished),
  };
}

function feedbackRow(
  random: SeedRandom,
  generation: GenerationRow,
  now: number,
  score: (comment: string) => TSentiment,
) {
  const profile = MODEL_PROFILES[String(generation.model_id)] ?? DEFAULT_PROFILE;
  const rating = random.weighted(profile.ratings.map((weight, i) => [i + 1, weight] as const));
  const tone: texts.CommentTone =
    rating >= 4
      ? random.weighted([
          ["positive", 85],
          ["neutral", 12],
          ["negative", 3],
        ] as const)
      : rating === 3
        ? random.weighted([
            ["positive", 20],
            ["neutral", 60],
            ["negative", 20],
          ] as const)
        : random.weighted([
            ["negative", 85],
            ["neutral", 15],
          ] as const);
  const comment = random.chance(0.6) ? texts.comment(random, tone) : null;
  const sentiment = comment === null ? null : score(comment);
  const created = iso(
    Math.min(generation.finished + Math.round(random.logNormal(45_000, 1.2)), now),
  );
  return {
    id: random.uuid(),
    generation_id: generation.id,
    user_id: generation.user_id,
    rating,
    comment,
    sentiment_compound: sentiment?.compound ?? null,
    sentiment_positive: sentiment?.positive ?? null,
    sentiment_neutral: sentiment?.neutral ?? null,
    sentiment_negative: sentiment?.negative ?? null,
    sentiment_label: sentiment?.label ?? null,
    created_at: created,
    updated_at: created,
  };
}
