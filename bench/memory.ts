import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { z } from "zod";
import type { MemoryProbeReading } from "./memory-probe";
import { fixed, mebibytes, type ResultRow, ratio } from "./report";

const run = promisify(execFile);
const probeScript = fileURLToPath(new URL("./memory-probe.ts", import.meta.url));

const ZReading = z.object({
  sequences: z.int(),
  contextSize: z.int(),
  rssBaseline: z.number(),
  rssModel: z.number(),
  rssContext: z.number(),
  rssAfterGeneration: z.number(),
  modelSize: z.number(),
  contextStateSize: z.number(),
  contextEstimateCpuRam: z.number(),
}) satisfies z.ZodType<MemoryProbeReading>;

/** Loads the model once per sequence count, each in a fresh process, one after the other. */
export async function measureMemory(options: {
  modelPath: string;
  threads: number;
  contextSize: number;
  sequenceCounts: number[];
}): Promise<MemoryProbeReading[]> {
  const readings: MemoryProbeReading[] = [];
  for (const sequences of options.sequenceCounts) {
    const { stdout } = await run(
      process.execPath,
      [
        "--import",
        "tsx",
        probeScript,
        options.modelPath,
        String(options.threads),
        String(options.contextSize),
        String(sequences),
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const lastLine = stdout.trim().split("\n").at(-1) ?? "";
    readings.push(ZReading.parse(JSON.parse(lastLine)));
  }
  return readings;
}

/** KV cache per token per sequence that DESIGN §7 gives for a 1.3B model, in bytes. */
const DESIGN_KV_BYTES_PER_TOKEN = 192 * 1024;

/** Part (c) rows: weights, each context, and the cost of one more sequence. */
export function memoryRows(readings: MemoryProbeReading[], isFullShape: boolean): ResultRow[] {
  const row = (measurement: string, fields: Partial<ResultRow>): ResultRow => ({
    part: "c",
    measurement,
    measured: "–",
    baseline: "–",
    ratio: "–",
    target: "–",
    ...fields,
  });
  const first = readings[0];
  if (!first) return [];
  const weights = first.rssModel - first.rssBaseline;
  const rows = [
    row("model weights loaded (RSS growth, useMmap false)", {
      measured: mebibytes(weights),
      baseline: `${mebibytes(first.modelSize)} model.size`,
      ratio: ratio(weights, first.modelSize),
    }),
  ];
  for (const reading of readings) {
    const contextBytes = reading.rssAfterGeneration - reading.rssModel;
    rows.push(
      row(`context, ${reading.sequences} seq × ${reading.contextSize} tokens (RSS growth)`, {
        measured: `${mebibytes(contextBytes)} (process ${mebibytes(reading.rssAfterGeneration)})`,
        baseline: `${mebibytes(reading.contextEstimateCpuRam)} node-llama-cpp estimate`,
        ratio: ratio(contextBytes, reading.contextEstimateCpuRam),
      }),
    );
  }
  const last = readings.at(-1);
  if (last && last.sequences > first.sequences) {
    const perSequence =
      (last.rssAfterGeneration - first.rssAfterGeneration) / (last.sequences - first.sequences);
    const perToken = perSequence / last.contextSize;
    const expected = DESIGN_KV_BYTES_PER_TOKEN * last.contextSize;
    rows.push(
      row(
        `per extra sequence of ${last.contextSize} tokens (RSS, ${first.sequences}→${last.sequences} seq)`,
        {
          measured: `${mebibytes(perSequence)} (${fixed(perToken / 1024)} KiB/token)`,
          ...(isFullShape && {
            baseline: `${mebibytes(expected)} (192 KiB/token, DESIGN §7)`,
            ratio: ratio(perSequence, expected),
          }),
        },
      ),
    );
  }
  return rows;
}
