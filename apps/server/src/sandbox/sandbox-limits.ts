import type { TRunResult } from "@codegenie/shared";

/** The limits of every sandboxed run (from CODE_RUN_* configuration). */
export interface SandboxLimits {
  /** Wall time of one run in milliseconds, default 5 000. */
  timeoutMs: number;
  /** Memory of one run (WASM heap) in bytes, default 256 MiB. */
  memoryLimitBytes: number;
  /** Kept bytes of stdout and of stderr each, default 65 536; the rest is dropped. */
  outputCapBytes: number;
}

/** How a sandbox reported the end of a program, before timing is added. */
export interface ProgramOutcome {
  /** exit: finished (exitCode says how); error: uncaught exception; interrupted: past the deadline. */
  kind: "exit" | "error" | "interrupted" | "memory";
  exitCode: number;
  stdout: string;
  stderr: string;
  truncated: boolean;
  /**
   * Milliseconds the program itself ran, in a ready interpreter; without it the runner counts
   * from the request, including the wait for a free interpreter.
   */
  runMs?: number;
}

/** Turns a sandbox's outcome into the API's result. */
export function toRunResult(outcome: ProgramOutcome, durationMs: number): TRunResult {
  const base = {
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    truncated: outcome.truncated,
    durationMs: Math.round(durationMs * 10) / 10,
  };
  switch (outcome.kind) {
    case "exit":
      return {
        ...base,
        status: outcome.exitCode === 0 ? "ok" : "error",
        exitCode: outcome.exitCode,
      };
    case "error":
      return { ...base, status: "error", exitCode: outcome.exitCode };
    case "interrupted":
      return { ...base, status: "timeout" };
    case "memory":
      return { ...base, status: "memory_limit" };
  }
}
