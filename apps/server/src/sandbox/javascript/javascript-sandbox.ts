import { Worker } from "node:worker_threads";
import { AppError } from "../../errors";
import type { RunRequest } from "../code-runner";
import { RunSlots } from "../run-slots";
import type { ProgramOutcome, SandboxLimits } from "../sandbox-limits";

const WORKER_SCRIPT = new URL("./quickjs-worker.mjs", import.meta.url);
/** Runs that may wait for busy QuickJS threads before 503 code.sandbox_unavailable. */
const MAX_WAITING_RUNS = 32;
/** Past the wall-time limit, how long QuickJS's interrupt gets before the thread is ended, ms. */
const KILL_GRACE_MS = 1_000;

/**
 * JavaScript in QuickJS (WebAssembly), in worker threads so a running program never blocks the
 * server's event loop. QuickJS has no host access unless given, so threads are reused; every
 * program gets a fresh QuickJS runtime and context. A thread that misses its deadline is ended
 * and replaced.
 */
export class JavaScriptSandbox {
  readonly #limits: SandboxLimits;
  readonly #slots: RunSlots;
  readonly #workers: Array<Promise<Worker> | undefined>;
  #isClosed = false;

  constructor(limits: SandboxLimits, poolSize: number) {
    this.#limits = limits;
    this.#slots = new RunSlots(poolSize, MAX_WAITING_RUNS);
    this.#workers = Array.from({ length: poolSize }, () => undefined);
  }

  async run(request: RunRequest): Promise<ProgramOutcome> {
    const slot = await this.#slots.acquire();
    try {
      let worker: Worker;
      try {
        const starting = this.#workers[slot] ?? startWorker();
        this.#workers[slot] = starting;
        worker = await starting;
      } catch {
        this.#workers[slot] = undefined;
        throw new AppError("code.sandbox_unavailable");
      }
      const startedAt = performance.now();
      const outcome = await this.#runOn(worker, request);
      const runMs = performance.now() - startedAt;
      if (outcome === undefined) {
        this.#workers[slot] = undefined;
        await worker.terminate();
        return {
          kind: "interrupted",
          exitCode: 1,
          stdout: "",
          stderr: "",
          truncated: false,
          runMs,
        };
      }
      return { ...outcome, runMs };
    } finally {
      this.#slots.release(slot);
    }
  }

  async close(): Promise<void> {
    this.#isClosed = true;
    this.#slots.close();
    const workers = this.#workers.splice(0);
    await Promise.all(
      workers.map(async (starting) => (await starting?.catch(() => undefined))?.terminate()),
    );
  }

  /** The program's outcome, or undefined when the thread missed the hard deadline or died. */
  #runOn(worker: Worker, request: RunRequest): Promise<ProgramOutcome | undefined> {
    return new Promise((resolve) => {
      const finish = (outcome: ProgramOutcome | undefined) => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onFailure);
        worker.off("exit", onFailure);
        resolve(outcome);
      };
      const onMessage = (outcome: ProgramOutcome) => finish(outcome);
      const onFailure = () => finish(undefined);
      const timer = setTimeout(onFailure, this.#limits.timeoutMs + KILL_GRACE_MS);
      worker.on("message", onMessage);
      worker.once("error", onFailure);
      worker.once("exit", onFailure);
      if (this.#isClosed) return finish(undefined);
      worker.postMessage({
        code: request.code,
        stdin: request.stdin ?? "",
        timeoutMs: this.#limits.timeoutMs,
        memoryLimitBytes: this.#limits.memoryLimitBytes,
        outputCapBytes: this.#limits.outputCapBytes,
      });
    });
  }
}

/** A worker thread with QuickJS loaded. */
function startWorker(): Promise<Worker> {
  const worker = new Worker(WORKER_SCRIPT, {
    env: {},
    // QuickJS's memory is its WASM heap; the thread's own JavaScript needs little.
    resourceLimits: { maxOldGenerationSizeMb: 64 },
  });
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once("message", () => {
      worker.off("error", reject);
      resolve(worker);
    });
    worker.once("error", reject);
  });
}
