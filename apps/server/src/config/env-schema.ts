import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const optionalSecret = z.string().min(1).optional();

/**
 * Every environment variable CodeGenie reads, parsed once at start-up. Each has a one-line
 * description (it becomes docs/configuration.md, `npm run docs:config`) and, where it can, a
 * default that works on a laptop.
 */
export const ZEnv = z.object({
  PORT: port.default(8501).describe("TCP port of the web app, API and docs."),
  HOST: z
    .string()
    .min(1)
    .default("127.0.0.1")
    .describe(
      "Interface to listen on. The default accepts local connections only; use 0.0.0.0 to serve the network (containers do).",
    ),
  DATA_DIR: z
    .string()
    .min(1)
    .default("./data")
    .describe(
      "Folder for the embedded database, models and uploads; relative paths resolve against the working directory.",
    ),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .optional()
    .describe(
      "PostgreSQL connection string (postgres://user:pass@host:5432/db). Unset: the embedded PGlite database in DATA_DIR/db.",
    ),
  JWT_SECRET_KEY: z
    .string()
    .min(32, "use at least 32 characters")
    .optional()
    .describe(
      "Secret that signs session tokens (HS256), at least 32 characters. Set the same value on every replica.",
    ),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info")
    .describe("Least severe log level written (JSON lines on standard output)."),
  CODEGENIE_MODELS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Models file (JSON) listing the models to serve. Default: DATA_DIR/models.json; when that file does not exist the three built-in models are listed.",
    ),
  MODELS_DIR: z
    .string()
    .min(1)
    .optional()
    .describe("Folder where model files (GGUF) are kept. Default: DATA_DIR/models."),
  MODEL_THREADS: positiveInt
    .optional()
    .describe(
      "CPU threads for llama.cpp. Default: the number of available cores. More threads than free cores makes decoding collapse (llama.cpp's threads spin while they wait): lower it when other busy programs share the machine.",
    ),
  MODEL_GPU: z
    .enum(["auto", "cuda", "vulkan", "metal", "false"])
    .default("auto")
    .describe(
      "GPU backend for the embedded engine: auto (use one when present), cuda, vulkan, metal, or false (CPU only).",
    ),
  MODEL_CONTEXT_SIZE: positiveInt
    .default(4096)
    .describe("Context window per conversation, in tokens (prompt and answer together)."),
  MODEL_PARALLEL_SEQUENCES: positiveInt
    .default(2)
    .describe(
      "Generations one loaded model runs at the same time; each holds its own KV cache (about 0.75 GiB for a 1.3B model at 4096 tokens).",
    ),
  MODEL_BATCH_SIZE: positiveInt
    .optional()
    .describe(
      "Most tokens llama.cpp evaluates in one step. A longer prompt goes in over several steps, and the answers being written get their next token in each, so a new request pauses them for one step instead of its whole prompt. Default: 128 on the CPU (measured: prompts go in as fast as with 512), 512 on a GPU.",
    ),
  MODEL_QUEUE_DEPTH: positiveInt
    .default(16)
    .describe(
      "Requests that may wait for a busy model (beyond its parallel sequences); more get 429 model.busy with Retry-After.",
    ),
  MODEL_IDLE_UNLOAD_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .default(900)
    .describe("Unload a model after this many seconds without requests; 0 keeps models loaded."),
  MODEL_MEMORY_BUDGET_MB: positiveInt
    .optional()
    .describe(
      "Memory the loaded models (weights and KV caches) may use together, in MiB; the least recently used model is unloaded to make room. Default: 75% of the machine's memory.",
    ),
  MODEL_FLASH_ATTENTION: z
    .stringbool()
    .default(false)
    .describe(
      "Use llama.cpp's flash attention for models that do not say (off by default: slower on CPU here).",
    ),
  CODEGENIE_AUTO_DOWNLOAD: z
    .stringbool()
    .default(true)
    .describe(
      "Download a built-in model from Hugging Face on its first request when its file is missing.",
    ),
  GENERATION_TIMEOUT_MS: positiveInt
    .default(300_000)
    .describe(
      "Longest a generation may run, in milliseconds; it then ends with finishReason timeout and its answer so far.",
    ),
  GENERATION_MAX_PROMPT_CHARS: positiveInt
    .default(32_000)
    .describe(
      "Largest prompt accepted, in characters; larger prompts get 413 generation.prompt_too_large.",
    ),
  GENERATION_MAX_TOKENS: positiveInt
    .default(2048)
    .describe("Most tokens one answer may have; larger maxTokens requests are capped to it."),
  GENERATION_DEFAULT_MAX_TOKENS: positiveInt
    .default(512)
    .describe("Tokens generated when a request does not say (capped by GENERATION_MAX_TOKENS)."),
  GENERATION_MIN_ANSWER_TOKENS: positiveInt
    .default(128)
    .describe(
      "Fewest answer tokens a prompt must leave free in the model's context window (or maxTokens when smaller): earlier turns of a conversation are dropped, oldest first, to leave room for the whole maxTokens; a prompt that alone leaves less than this is refused with 413.",
    ),
  EXPLAIN_MAX_CODE_CHARS: positiveInt
    .default(20_000)
    .describe(
      "Longest code accepted by POST /api/explain, in characters; longer code (or code whose prompt does not fit the model's context window) gets 413 explain.code_too_large.",
    ),
  BODY_LIMIT_BYTES: positiveInt
    .default(1_048_576)
    .describe("Largest request body accepted, in bytes; larger bodies get 413 request.too_large."),
  SHUTDOWN_TIMEOUT_MS: positiveInt
    .default(10_000)
    .describe(
      "On SIGTERM, how long to let running requests finish before exiting, in milliseconds.",
    ),
  WEB_DIST_DIR: z
    .string()
    .min(1)
    .optional()
    .describe("Folder of the built web app to serve. Default: apps/web/dist of this checkout."),
  TRUST_PROXY: z
    .stringbool()
    .default(false)
    .describe(
      "true when CodeGenie runs behind a reverse proxy: client IPs and HTTPS are then read from X-Forwarded-* headers.",
    ),
  METRICS_TOKEN: optionalSecret.describe(
    "Token that GET /metrics requires, sent as the header Authorization: Bearer TOKEN. Unset: /metrics is open, so keep it behind a firewall or proxy.",
  ),
  PASSWORD_HASH_ITERATIONS: positiveInt
    .min(1000)
    .default(600_000)
    .describe(
      "PBKDF2-HMAC-SHA256 iterations for passwords and security answers; stored hashes with fewer are upgraded at the next sign-in. Keep at least 600000 outside tests.",
    ),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt
    .default(900)
    .describe("Lifetime of an access token (JWT), in seconds; the web app renews it silently."),
  SESSION_TTL_DAYS: positiveInt
    .default(30)
    .describe("How long a signed-in session lasts without signing in again, in days."),
  AUTH_RATE_LIMIT_MAX: positiveInt
    .default(20)
    .describe(
      "Sign-in, sign-up and password-recovery requests one IP address may make per window; more get 429 with Retry-After.",
    ),
  AUTH_RATE_LIMIT_WINDOW_SECONDS: positiveInt
    .default(300)
    .describe("The window of AUTH_RATE_LIMIT_MAX (and of the per-account limits), in seconds."),
  LOGIN_SLOWDOWN_AFTER: positiveInt
    .default(3)
    .describe(
      "Failed sign-ins in a row after which each further attempt on the account is answered more slowly (1 s, 2 s, 4 s… up to 8 s).",
    ),
  LOGIN_LOCKOUT_AFTER: positiveInt
    .default(10)
    .describe(
      "Failed sign-ins in a row (wrong passwords or security answers) that lock the account; the owner can still reset the password by email.",
    ),
  LOGIN_LOCKOUT_MINUTES: positiveInt
    .default(15)
    .describe("How long a locked account stays locked, in minutes."),
  CODE_AUTO_RUN_LANGUAGES: z
    .string()
    .trim()
    .regex(
      /^(none|(python|javascript)(\s*,\s*(python|javascript))*)$/,
      "use none, or python and/or javascript separated by commas",
    )
    .default("python,javascript")
    .describe(
      "Languages whose generated code blocks are also run once in the sandbox after the answer is saved (when their syntax is valid), comma-separated: python, javascript; none turns it off.",
    ),
  CODE_RUN_TIMEOUT_MS: positiveInt
    .default(5000)
    .describe(
      "Wall time of one sandboxed run (POST /api/code/run and the automatic checks), in milliseconds; past it the program is stopped with status timeout.",
    ),
  CODE_RUN_MEMORY_MB: positiveInt
    .min(32)
    .default(256)
    .describe(
      "Memory of one sandboxed run (the interpreter's WebAssembly heap), in MiB; past it the program ends with status memory_limit.",
    ),
  CODE_RUN_OUTPUT_CAP_BYTES: positiveInt
    .default(65_536)
    .describe(
      "Bytes of stdout and of stderr (each) kept from one run; the rest is dropped and the result says truncated.",
    ),
  CODE_RUN_MAX_CHARS: positiveInt
    .default(20_000)
    .describe(
      "Longest code POST /api/code/run accepts, in characters; longer gets 413 code.too_large.",
    ),
  CODE_RUN_POOL_SIZE: positiveInt
    .max(16)
    .default(2)
    .describe(
      "Warm Python sandbox processes (about 2 s each to load, one per run, replaced after it) and QuickJS threads kept; also the most runs of each language at a time.",
    ),
  CODE_RUN_RATE_LIMIT_MAX: positiveInt
    .default(30)
    .describe(
      "Runs one user may start per CODE_RUN_RATE_LIMIT_WINDOW_SECONDS; more get 429 with Retry-After.",
    ),
  CODE_RUN_RATE_LIMIT_WINDOW_SECONDS: positiveInt
    .default(60)
    .describe("The window of CODE_RUN_RATE_LIMIT_MAX, in seconds."),
  HF_TOKEN: optionalSecret.describe(
    "Hugging Face access token, used to download gated models (Gemma).",
  ),
  HF_ENDPOINT: z
    .url()
    .default("https://huggingface.co")
    .describe("Hugging Face hub address (a mirror, or a local server in tests)."),
  SMTP_HOST: z
    .string()
    .min(1)
    .optional()
    .describe("SMTP server for password-recovery email. Unset: email recovery is off."),
  SMTP_PORT: port.default(587).describe("SMTP server port."),
  SMTP_SECURE: z
    .stringbool()
    .default(false)
    .describe("true: TLS from the start (port 465); false: STARTTLS when the server offers it."),
  SMTP_USER: z.string().min(1).optional().describe("SMTP user name, when the server wants one."),
  SMTP_PASSWORD: optionalSecret.describe("SMTP password."),
  SMTP_FROM: z
    .string()
    .min(3)
    .default("CodeGenie <no-reply@localhost>")
    .describe("Sender address of CodeGenie's email."),
  NGROK_AUTHTOKEN: optionalSecret.describe(
    "ngrok auth token; when set, CodeGenie also opens a public URL through ngrok.",
  ),
});

/** The raw, parsed environment. */
export type TEnv = z.infer<typeof ZEnv>;
