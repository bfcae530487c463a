/**
 * `npm run bench -- [--quick] [--streams 1,4,8] [--tokens 128] …`: CodeGenie's embedded engine
 * measured through its HTTP API, side by side with node-llama-cpp used directly, on a generated
 * model. Prints a table and writes bench/results-<date>.json (quick runs: .cache/). See
 * bench/README.md. Exit codes: 0 measured, 1 a measurement failed, 2 bad options.
 */
import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBenchModel } from "./bench-model";
import { benchConcurrentStreams, type ConcurrencyResults } from "./concurrent-streams";
import { DirectEngine } from "./direct-engine";
import { describeMachine, loadAverage } from "./machine";
import { measureMemory, memoryRows } from "./memory";
import type { MemoryProbeReading } from "./memory-probe";
import { type BenchOptions, parseBenchOptions, USAGE } from "./options";
import { formatTable, type ResultRow } from "./report";
import { benchSingleStream, type SingleStreamResults } from "./single-stream";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** Above this 1-minute load average at the start, the results are marked as measured while busy. */
const BUSY_LOAD_AVERAGE = 0.5;

async function main(): Promise<number> {
  let options: BenchOptions | undefined;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (options === undefined) {
    console.log(USAGE);
    return 0;
  }

  const model = await ensureBenchModel(options.isQuick);
  const startedAt = new Date();
  const loadAverageAtStart = loadAverage();
  // Read before measuring: the engine's files may change while a long run goes on.
  const machine = describeMachine();
  console.error(
    `bench: ${model.name}, ${options.threads} threads, ${options.tokens} tokens/stream, load average ${loadAverageAtStart}`,
  );
  const rows: ResultRow[] = [];
  let singleStream: SingleStreamResults | undefined;
  let concurrency: ConcurrencyResults | undefined;
  let memory: MemoryProbeReading[] | undefined;
  const common = {
    modelPath: model.path,
    threads: options.threads,
    contextSize: options.contextSize,
    tokens: options.tokens,
  };

  if (!options.skip.has("a") || !options.skip.has("b")) {
    const direct = await DirectEngine.load(model.path, options.threads, options.contextSize);
    try {
      if (!options.skip.has("a")) {
        console.error("(a) one stream: CodeGenie over HTTP vs node-llama-cpp directly");
        const part = await benchSingleStream({
          ...common,
          direct,
          promptTokens: options.promptTokens,
          repeat: options.repeat,
        });
        singleStream = part.results;
        rows.push(...part.rows);
      }
      if (!options.skip.has("b")) {
        console.error(`(b) concurrent streams: ${options.streams.join(", ")}`);
        const part = await benchConcurrentStreams({
          ...common,
          direct,
          promptTokens: options.streamPromptTokens,
          streams: options.streams,
          directStreams: options.directStreams,
        });
        concurrency = part.results;
        rows.push(...part.rows);
      }
    } finally {
      await direct.dispose();
    }
  }
  if (!options.skip.has("c")) {
    console.error(`(c) memory with ${options.memorySequences.join(", ")} sequences`);
    memory = await measureMemory({ ...common, sequenceCounts: options.memorySequences });
    rows.push(...memoryRows(memory, !options.isQuick));
  }

  const loadAverageAtEnd = loadAverage();
  const isBusy = loadAverageAtStart > BUSY_LOAD_AVERAGE;
  const table = formatTable(rows);
  console.log(table);
  console.log(
    `\nload average ${loadAverageAtStart} at start, ${loadAverageAtEnd} at end${isBusy ? ": measured while the machine was busy with other work" : ""}`,
  );

  const date = startedAt.toISOString().slice(0, 10);
  const resultsPath = options.isQuick
    ? path.join(repoRoot, ".cache", `bench-results-${date}-quick.json`)
    : path.join(repoRoot, "bench", `results-${date}.json`);
  const results = {
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    options: { ...options, skip: [...options.skip] },
    machine,
    loadAverage: { atStart: loadAverageAtStart, atEnd: loadAverageAtEnd },
    isBusy,
    model: { name: model.name, bytes: (await stat(model.path)).size },
    table: rows,
    singleStream,
    concurrency,
    memory,
  };
  await writeFile(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${path.relative(repoRoot, resultsPath)}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  },
);
