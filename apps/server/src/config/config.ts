import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RUNNABLE_LANGUAGES, type TRunnableLanguage } from "@codegenie/shared";
import type { z } from "zod";
import { type TEnv, ZEnv } from "./env-schema";

/** Where the built web app lies in this checkout: apps/web/dist. */
const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL("../../../web/dist", import.meta.url));

/** Bad configuration: the message names every offending variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Everything the server needs to know, resolved from the environment. */
export interface AppConfig {
  port: number;
  host: string;
  /** Absolute folder for the embedded database, models and uploads. */
  dataDir: string;
  database: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };
  jwtSecretKey: string | undefined;
  logLevel: TEnv["LOG_LEVEL"];
  models: {
    /** Absolute path of the models file; it may not exist (then the built-in models are listed). */
    modelsFile: string;
    modelsDir: string;
    threads: number;
    gpu: "auto" | "cuda" | "vulkan" | "metal" | false;
    contextSize: number;
    parallelSequences: number;
    /** Tokens per llama.cpp step; undefined: 128 on the CPU, 512 on a GPU. */
    batchSize: number | undefined;
    queueDepth: number;
    /** Seconds; 0 keeps models loaded. */
    idleUnloadSeconds: number;
    /** MiB; undefined means 75% of the machine's memory. */
    memoryBudgetMb: number | undefined;
    flashAttention: boolean;
    autoDownload: boolean;
  };
  generation: {
    maxPromptChars: number;
    maxTokens: number;
    defaultMaxTokens: number;
    /** Fewest answer tokens a prompt must leave free in the context window. */
    minAnswerTokens: number;
    /** Longest code an explain request may carry, in characters. */
    maxExplainCodeChars: number;
    timeoutMs: number;
  };
  http: { bodyLimitBytes: number; shutdownTimeoutMs: number; webDistDir: string };
  huggingFace: { token: string | undefined; endpoint: string };
  trustProxy: boolean;
  /** Token GET /metrics requires; undefined: open. */
  metricsToken: string | undefined;
  auth: {
    passwordIterations: number;
    accessTokenTtlSeconds: number;
    sessionTtlDays: number;
    rateLimit: { max: number; windowSeconds: number };
    lockout: { slowDownAfter: number; lockAfter: number; lockMinutes: number };
  };
  smtp: {
    host: string | undefined;
    port: number;
    secure: boolean;
    user: string | undefined;
    password: string | undefined;
    from: string;
  };
  ngrokAuthtoken: string | undefined;
  codeChecks: {
    /** Languages whose generated blocks are run once in the sandbox; empty: none. */
    autoRunLanguages: TRunnableLanguage[];
  };
  /** The code sandbox (`POST /api/code/run` and the automatic checks). */
  codeRun: {
    timeoutMs: number;
    memoryLimitBytes: number;
    outputCapBytes: number;
    maxCodeChars: number;
    poolSize: number;
    rateLimit: { max: number; windowSeconds: number };
  };
}

/**
 * Parses the environment once. Throws ConfigError naming each bad variable; unknown variables
 * are ignored. Empty strings count as unset, as shells and compose files often write them.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.fromEntries(
    Object.keys(ZEnv.shape).map((name) => [name, env[name] === "" ? undefined : env[name]]),
  );
  const parsed = ZEnv.safeParse(known);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error));
  const vars = parsed.data;

  const dataDir = path.resolve(vars.DATA_DIR);
  return {
    port: vars.PORT,
    host: vars.HOST,
    dataDir,
    database: vars.DATABASE_URL
      ? { kind: "postgres", url: vars.DATABASE_URL }
      : { kind: "pglite", dataDir: path.join(dataDir, "db") },
    jwtSecretKey: vars.JWT_SECRET_KEY,
    logLevel: vars.LOG_LEVEL,
    models: {
      modelsFile: path.resolve(vars.CODEGENIE_MODELS_FILE ?? path.join(dataDir, "models.json")),
      modelsDir: path.resolve(vars.MODELS_DIR ?? path.join(dataDir, "models")),
      threads: vars.MODEL_THREADS ?? availableParallelism(),
      gpu: vars.MODEL_GPU === "false" ? false : vars.MODEL_GPU,
      contextSize: vars.MODEL_CONTEXT_SIZE,
      parallelSequences: vars.MODEL_PARALLEL_SEQUENCES,
      batchSize: vars.MODEL_BATCH_SIZE,
      queueDepth: vars.MODEL_QUEUE_DEPTH,
      idleUnloadSeconds: vars.MODEL_IDLE_UNLOAD_SECONDS,
      memoryBudgetMb: vars.MODEL_MEMORY_BUDGET_MB,
      flashAttention: vars.MODEL_FLASH_ATTENTION,
      autoDownload: vars.CODEGENIE_AUTO_DOWNLOAD,
    },
    generation: {
      maxPromptChars: vars.GENERATION_MAX_PROMPT_CHARS,
      maxTokens: vars.GENERATION_MAX_TOKENS,
      defaultMaxTokens: Math.min(vars.GENERATION_DEFAULT_MAX_TOKENS, vars.GENERATION_MAX_TOKENS),
      minAnswerTokens: vars.GENERATION_MIN_ANSWER_TOKENS,
      maxExplainCodeChars: vars.EXPLAIN_MAX_CODE_CHARS,
      timeoutMs: vars.GENERATION_TIMEOUT_MS,
    },
    http: {
      bodyLimitBytes: vars.BODY_LIMIT_BYTES,
      shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
      webDistDir: path.resolve(vars.WEB_DIST_DIR ?? DEFAULT_WEB_DIST_DIR),
    },
    huggingFace: { token: vars.HF_TOKEN, endpoint: vars.HF_ENDPOINT },
    trustProxy: vars.TRUST_PROXY,
    metricsToken: vars.METRICS_TOKEN,
    auth: {
      passwordIterations: vars.PASSWORD_HASH_ITERATIONS,
      accessTokenTtlSeconds: vars.ACCESS_TOKEN_TTL_SECONDS,
      sessionTtlDays: vars.SESSION_TTL_DAYS,
      rateLimit: {
        max: vars.AUTH_RATE_LIMIT_MAX,
        windowSeconds: vars.AUTH_RATE_LIMIT_WINDOW_SECONDS,
      },
      lockout: {
        slowDownAfter: vars.LOGIN_SLOWDOWN_AFTER,
        lockAfter: vars.LOGIN_LOCKOUT_AFTER,
        lockMinutes: vars.LOGIN_LOCKOUT_MINUTES,
      },
    },
    smtp: {
      host: vars.SMTP_HOST,
      port: vars.SMTP_PORT,
      secure: vars.SMTP_SECURE,
      user: vars.SMTP_USER,
      password: vars.SMTP_PASSWORD,
      from: vars.SMTP_FROM,
    },
    ngrokAuthtoken: vars.NGROK_AUTHTOKEN,
    codeChecks: { autoRunLanguages: runnableLanguages(vars.CODE_AUTO_RUN_LANGUAGES) },
    codeRun: {
      timeoutMs: vars.CODE_RUN_TIMEOUT_MS,
      memoryLimitBytes: vars.CODE_RUN_MEMORY_MB * 1024 * 1024,
      outputCapBytes: vars.CODE_RUN_OUTPUT_CAP_BYTES,
      maxCodeChars: vars.CODE_RUN_MAX_CHARS,
      poolSize: vars.CODE_RUN_POOL_SIZE,
      rateLimit: {
        max: vars.CODE_RUN_RATE_LIMIT_MAX,
        windowSeconds: vars.CODE_RUN_RATE_LIMIT_WINDOW_SECONDS,
      },
    },
  };
}

/** `python, javascript` → the languages, once each; `none` → none (the schema checked the names). */
function runnableLanguages(list: string): TRunnableLanguage[] {
  if (list === "none") return [];
  const names = list.split(",").map((name) => name.trim());
  return RUNNABLE_LANGUAGES.filter((language) => names.includes(language));
}

function describeIssues(error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  return `Invalid configuration (see docs/configuration.md):\n${lines.join("\n")}`;
}
