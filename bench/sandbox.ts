// The code sandbox's latency: p50/p95 of `print(1)` (Python, Pyodide) and `console.log(1)`
// (JavaScript, QuickJS) through the app's CodeRunner, after warm-up. Not part of `npm test`:
//   npm run bench:sandbox [-- --runs 30]
import pino from "pino";
import { SandboxCodeRunner } from "../apps/server/src/sandbox/sandbox-code-runner";
import { describeMachine, loadAverage } from "./machine";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 30;

const runner = new SandboxCodeRunner(
  { timeoutMs: 5_000, memoryLimitBytes: 256 * 1024 * 1024, outputCapBytes: 65_536, poolSize: 2 },
  pino({ level: "warn" }),
);

/** Client-side milliseconds of one run, checking that it printed 1. */
async function timeRun(language: "python" | "javascript", code: string): Promise<number> {
  const startedAt = performance.now();
  const result = await runner.run({ language, code });
  const elapsed = performance.now() - startedAt;
  if (result.status !== "ok" || result.stdout !== "1\n") {
    throw new Error(`unexpected result: ${JSON.stringify(result)}`);
  }
  return elapsed;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? Number.NaN) * 10) / 10;
}

async function measure(
  label: string,
  once: () => Promise<number>,
  between: () => Promise<void>,
): Promise<{ label: string; runs: number; p50: number; p95: number }> {
  await once(); // warm-up
  await between();
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    times.push(await once());
    await between();
  }
  return { label, runs, p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

const nothing = async () => {};
runner.warmUp();
await runner.whenWarm();
const rows = [
  // A warm interpreter is waiting (the pool refilled since the last run): what a user sees.
  await measure(
    "python print(1), warm process ready",
    () => timeRun("python", "print(1)"),
    () => runner.whenWarm(),
  ),
  // Back to back: each process serves one program, so past the pool this waits for a load.
  await measure("python print(1), back to back", () => timeRun("python", "print(1)"), nothing),
  await measure(
    "javascript console.log(1)",
    () => timeRun("javascript", "console.log(1)"),
    nothing,
  ),
];
await runner.close();

const machine = describeMachine();
console.log(
  `\n${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.nodeVersion}, load ${loadAverage()}\n`,
);
console.log("| run | runs | p50 ms | p95 ms |\n|---|---:|---:|---:|");
for (const row of rows) console.log(`| ${row.label} | ${row.runs} | ${row.p50} | ${row.p95} |`);
