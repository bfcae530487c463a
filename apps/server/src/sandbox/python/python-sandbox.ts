import type { FastifyBaseLogger } from "fastify";
import { AppError } from "../../errors";
import type { RunRequest } from "../code-runner";
import { RunSlots } from "../run-slots";
import type { ProgramOutcome, SandboxLimits } from "../sandbox-limits";
import { detectNetworkIsolation, type NetworkIsolation } from "./network-isolation";
import { PythonProcess } from "./python-process";

/** Runs that may wait for a busy Python pool before 503 code.sandbox_unavailable. */
const MAX_WAITING_RUNS = 32;

/**
 * Python in Pyodide, one sandbox process per program, with `poolSize` processes loaded ahead of
 * time (Pyodide takes about 2 s to load): a run takes a warm process and a replacement starts
 * loading at once. At most `poolSize` processes exist, so runs beyond that wait their turn.
 */
export class PythonSandbox {
  readonly #limits: SandboxLimits;
  readonly #logger: FastifyBaseLogger;
  readonly #slots: RunSlots;
  /** The warm (or loading) process of each slot, started when first needed. */
  readonly #next: Array<Promise<PythonProcess> | undefined>;
  readonly #running = new Set<PythonProcess>();
  #isolation: NetworkIsolation | undefined;
  #isClosed = false;

  constructor(limits: SandboxLimits, poolSize: number, logger: FastifyBaseLogger) {
    this.#limits = limits;
    this.#logger = logger;
    this.#slots = new RunSlots(poolSize, MAX_WAITING_RUNS);
    this.#next = Array.from({ length: poolSize }, () => undefined);
  }

  /** How sandbox processes are cut off from the network (detected once). */
  get isolation(): NetworkIsolation {
    if (this.#isolation === undefined) {
      this.#isolation = detectNetworkIsolation();
      if (this.#isolation.kind === "namespace") {
        this.#logger.info("Python sandbox: each process runs in its own network namespace");
      } else {
        this.#logger.warn(
          { reason: this.#isolation.reason },
          "Python sandbox: no network namespace; Node's permission model does not block the network",
        );
      }
    }
    return this.#isolation;
  }

  /** Loads every pool process now (at listen), so the first runs answer fast. */
  warmUp(): void {
    for (let slot = 0; slot < this.#next.length; slot += 1) this.#prepare(slot);
  }

  /** Resolves once every warm process that is loading has loaded (or failed to). */
  async whenWarm(): Promise<void> {
    await Promise.all(this.#next.map((starting) => starting?.catch(() => undefined)));
  }

  async run(request: RunRequest): Promise<ProgramOutcome> {
    const slot = await this.#slots.acquire();
    try {
      let sandbox: PythonProcess;
      try {
        sandbox = await this.#prepare(slot);
      } catch (error) {
        this.#logger.error({ err: error }, "the Python sandbox did not start");
        throw new AppError("code.sandbox_unavailable");
      } finally {
        this.#next[slot] = undefined;
      }
      this.#running.add(sandbox);
      try {
        const startedAt = performance.now();
        const outcome = await sandbox.run(request, this.#limits);
        return { ...outcome, runMs: performance.now() - startedAt };
      } finally {
        this.#running.delete(sandbox);
      }
    } finally {
      // The used process is gone; load its successor while nobody waits.
      if (!this.#isClosed) this.#prepare(slot);
      this.#slots.release(slot);
    }
  }

  async close(): Promise<void> {
    this.#isClosed = true;
    this.#slots.close();
    const pending = [...this.#next.splice(0), ...[...this.#running].map((p) => Promise.resolve(p))];
    await Promise.all(
      pending.map(async (starting) => {
        const sandbox = await starting?.catch(() => undefined);
        sandbox?.kill();
        await sandbox?.exited;
      }),
    );
  }

  #prepare(slot: number): Promise<PythonProcess> {
    const existing = this.#next[slot];
    if (existing) return existing;
    const starting = PythonProcess.start(this.#limits, this.isolation);
    // A failed start is reported to the run that takes it, not as an unhandled rejection.
    starting.catch(() => undefined);
    this.#next[slot] = starting;
    return starting;
  }
}
