import { parseArgs } from "node:util";

/** What one benchmark run measures; every field has a command-line option. */
export interface BenchOptions {
  /** `--quick`: a small generated model and few tokens, to check the scripts end to end fast. */
  isQuick: boolean;
  /** `--tokens`: tokens generated per stream (end of generation ignored). Default 128. */
  tokens: number;
  /** `--streams`: concurrent stream counts of part (b). Default 1,4,8. */
  streams: number[];
  /** `--threads`: llama.cpp threads, the same for both sides. Default 2. */
  threads: number;
  /** `--repeat`: runs of each single-stream measurement (a); the median is reported. Default 3. */
  repeat: number;
  /** `--prompt-tokens`: prompt length of part (a), in tokens. Default 256. */
  promptTokens: number;
  /** `--stream-prompt-tokens`: prompt length of each stream in part (b), in tokens. Default 32. */
  streamPromptTokens: number;
  /** `--context-size`: tokens per sequence, the same for every context. Default 1024. */
  contextSize: number;
  /** `--memory-sequences`: sequence counts loaded in part (c). Default 1,2,4. */
  memorySequences: number[];
  /** `--direct-streams`: stream counts of part (b) also run on node-llama-cpp directly. Default 1,4. */
  directStreams: number[];
  /** `--skip`: parts to leave out, e.g. `c` or `a,c`. */
  skip: Set<"a" | "b" | "c">;
}

export const USAGE = `Usage: npm run bench -- [options]

Benchmarks CodeGenie's embedded engine through its HTTP API against node-llama-cpp used directly,
on a generated model with the DeepSeek-Coder 1.3B shape in Q4_0 (written on first use).

  --quick                     small model, 16 tokens, 1 run: checks the scripts in about a minute
  --tokens <n>                tokens generated per stream (default 128; quick 16)
  --streams <list>            concurrent streams of part (b) (default 1,4,8)
  --threads <n>               llama.cpp threads (default 2)
  --repeat <n>                runs of each single-stream measurement, median reported (default 3; quick 1)
  --prompt-tokens <n>         prompt length of part (a) in tokens (default 256; quick 64)
  --stream-prompt-tokens <n>  prompt length per stream in part (b) (default 32)
  --context-size <n>          tokens per sequence (default 1024)
  --memory-sequences <list>   sequence counts loaded for part (c) (default 1,2,4)
  --direct-streams <list>     stream counts of (b) also run on node-llama-cpp directly (default 1,4;
                              "none" for none)
  --skip <parts>              leave parts out: a, b, c (e.g. --skip c)
  --help                      show this help`;

const OPTIONS = {
  quick: { type: "boolean", default: false },
  tokens: { type: "string" },
  streams: { type: "string", default: "1,4,8" },
  threads: { type: "string", default: "2" },
  repeat: { type: "string" },
  "prompt-tokens": { type: "string" },
  "stream-prompt-tokens": { type: "string", default: "32" },
  "context-size": { type: "string", default: "1024" },
  "memory-sequences": { type: "string", default: "1,2,4" },
  "direct-streams": { type: "string", default: "1,4" },
  skip: { type: "string", default: "" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The options, or undefined for --help. Throws with a message naming the bad option. */
export function parseBenchOptions(args: string[]): BenchOptions | undefined {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return undefined;
  const isQuick = values.quick;
  const options: BenchOptions = {
    isQuick,
    tokens: positiveInt("--tokens", values.tokens ?? (isQuick ? "16" : "128")),
    streams: positiveInts("--streams", values.streams),
    threads: positiveInt("--threads", values.threads),
    repeat: positiveInt("--repeat", values.repeat ?? (isQuick ? "1" : "3")),
    promptTokens: positiveInt(
      "--prompt-tokens",
      values["prompt-tokens"] ?? (isQuick ? "64" : "256"),
    ),
    streamPromptTokens: positiveInt("--stream-prompt-tokens", values["stream-prompt-tokens"]),
    contextSize: positiveInt("--context-size", values["context-size"]),
    memorySequences: positiveInts("--memory-sequences", values["memory-sequences"]),
    directStreams:
      values["direct-streams"] === "none"
        ? []
        : positiveInts("--direct-streams", values["direct-streams"]),
    skip: parseParts(values.skip),
  };
  const longestPrompt = Math.max(options.promptTokens, options.streamPromptTokens);
  if (longestPrompt + options.tokens + 16 > options.contextSize) {
    throw new Error(
      `--context-size ${options.contextSize} cannot hold a ${longestPrompt}-token prompt and ${options.tokens} tokens`,
    );
  }
  return options;
}

function positiveInt(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${text}"`);
  return value;
}

function positiveInts(name: string, text: string): number[] {
  const values = text.split(",").map((part) => positiveInt(name, part.trim()));
  return [...new Set(values)].sort((left, right) => left - right);
}

function parseParts(text: string): Set<"a" | "b" | "c"> {
  const parts = new Set<"a" | "b" | "c">();
  for (const part of text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)) {
    if (part !== "a" && part !== "b" && part !== "c") {
      throw new Error(`--skip takes a, b or c, got "${part}"`);
    }
    parts.add(part);
  }
  return parts;
}
