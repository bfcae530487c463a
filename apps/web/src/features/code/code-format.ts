import type { TRunResult, TRunStatus } from "@codegenie/shared";

/** A run's duration for people: "12 ms", "1.5 s". */
export function formatRunDuration(milliseconds: number): string {
  return milliseconds < 1000
    ? `${Math.round(milliseconds)} ms`
    : `${(milliseconds / 1000).toFixed(1)} s`;
}

/** How a run's end is named in the output panel. */
export const RUN_STATUS_LABELS: Record<TRunStatus, string> = {
  ok: "OK",
  error: "Error",
  timeout: "Timed out",
  memory_limit: "Memory limit",
};

/** Badge colours of run statuses. */
export const RUN_STATUS_COLORS: Record<TRunStatus, string> = {
  ok: "green",
  error: "red",
  timeout: "orange",
  memory_limit: "orange",
};

/** The automatic run of a block in a few words: "Ran OK in 12 ms", "Failed", "Timed out". */
export function describeAutomaticRun(run: TRunResult): string {
  switch (run.status) {
    case "ok":
      return `Ran OK in ${formatRunDuration(run.durationMs)}`;
    case "error":
      return "Failed";
    case "timeout":
      return "Timed out";
    case "memory_limit":
      return "Memory limit";
  }
}

/** The first line of stderr that says something, to hint why a run failed; null if none. */
export function firstErrorLine(stderr: string): string | null {
  const lines = stderr.split("\n").map((line) => line.trim());
  // Python tracebacks end with the exception; most other runtimes start with it.
  const traceback = lines[0]?.startsWith("Traceback");
  const meaningful = lines.filter((line) => line !== "");
  const line = traceback ? meaningful.at(-1) : meaningful[0];
  return line ? line.slice(0, 200) : null;
}
