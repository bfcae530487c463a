import type { TRunResult } from "@codegenie/shared";
import type { FastifyBaseLogger } from "fastify";
import type { CodeRunner, RunRequest } from "./code-runner";
import { JavaScriptSandbox } from "./javascript/javascript-sandbox";
import { PythonSandbox } from "./python/python-sandbox";
import { type SandboxLimits, toRunResult } from "./sandbox-limits";

/** The sandbox settings (CODE_RUN_* configuration). */
export interface SandboxOptions extends SandboxLimits {
  /** Warm Python processes and QuickJS threads kept, each; default 2. */
  poolSize: number;
}

/**
 * The `CodeRunner` of the app: Python in Pyodide sandbox processes, JavaScript in QuickJS
 * threads. Nothing starts until the first run or `warmUp()` (called when the server listens), so
 * tests that never run code pay nothing.
 */
export class SandboxCodeRunner implements CodeRunner {
  readonly #python: PythonSandbox;
  readonly #javascript: JavaScriptSandbox;

  constructor(options: SandboxOptions, logger: FastifyBaseLogger) {
    this.#python = new PythonSandbox(options, options.poolSize, logger);
    this.#javascript = new JavaScriptSandbox(options, options.poolSize);
  }

  /** How Python processes are cut off from the network. */
  get networkIsolation(): "namespace" | "none" {
    return this.#python.isolation.kind;
  }

  /** Loads the warm Python processes ahead of the first run. */
  warmUp(): void {
    this.#python.warmUp();
  }

  /** Resolves once the warm Python processes being loaded are ready (benchmarks, tests). */
  whenWarm(): Promise<void> {
    return this.#python.whenWarm();
  }

  async run(request: RunRequest): Promise<TRunResult> {
    const sandbox = request.language === "python" ? this.#python : this.#javascript;
    const startedAt = performance.now();
    const outcome = await sandbox.run(request);
    // The program's own time: a wait for a warm interpreter is not the code's doing.
    return toRunResult(outcome, outcome.runMs ?? performance.now() - startedAt);
  }

  async close(): Promise<void> {
    await Promise.all([this.#python.close(), this.#javascript.close()]);
  }
}
