import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RunRequest } from "../code-runner";
import type { ProgramOutcome, SandboxLimits } from "../sandbox-limits";
import type { NetworkIsolation } from "./network-isolation";

const WORKER_SCRIPT = fileURLToPath(new URL("./pyodide-worker.mjs", import.meta.url));
const PYODIDE_DIR = path.dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));

/** How long a process may take to load Pyodide, in milliseconds. */
const START_TIMEOUT_MS = 60_000;
/** Past the wall-time limit, how long the interrupt gets before the process is killed, ms. */
const KILL_GRACE_MS = 1_000;
/** How often the resident memory of a running process is checked, ms. */
const MEMORY_POLL_MS = 100;
/** Room above the WASM heap limit for Node itself and Pyodide's code (resident memory). */
const PROCESS_OVERHEAD_BYTES = 256 * 1024 * 1024;

/**
 * One sandbox process with a loaded Pyodide, good for exactly one program: start it ahead of
 * time (`start`), give it a program (`run`), and it is gone. A fresh process per program means
 * nothing one user's program did (globals, modules, files in Pyodide's memory file system, or
 * JavaScript it reached and patched) can be seen by the next.
 */
export class PythonProcess {
  readonly #child: ChildProcess;
  readonly #lines: AsyncIterator<string>;
  #hasExited = false;
  readonly #exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(child: ChildProcess, lines: AsyncIterator<string>) {
    this.#child = child;
    this.#lines = lines;
    this.#exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.#hasExited = true;
        resolve({ code, signal });
      });
    });
  }

  /** Spawns a process and waits until Pyodide is loaded in it. */
  static async start(limits: SandboxLimits, isolation: NetworkIsolation): Promise<PythonProcess> {
    const memoryMb = Math.ceil(limits.memoryLimitBytes / (1024 * 1024));
    const nodeArgs = [
      "--experimental-permission",
      `--allow-fs-read=${PYODIDE_DIR}/`,
      `--allow-fs-read=${WORKER_SCRIPT}`,
      `--max-old-space-size=${memoryMb}`,
      "--no-warnings",
      WORKER_SCRIPT,
      PYODIDE_DIR,
      String(limits.memoryLimitBytes),
    ];
    const [command, ...args] =
      isolation.kind === "namespace"
        ? [...isolation.command, process.execPath, ...nodeArgs]
        : [process.execPath, ...nodeArgs];
    // An empty environment: no server secret can be read from the sandbox.
    const child = spawn(command as string, args, {
      env: {},
      cwd: PYODIDE_DIR,
      stdio: ["pipe", "pipe", "ignore"],
    });
    const sandbox = new PythonProcess(child, readLines(child, limits.outputCapBytes));
    const timer = setTimeout(() => sandbox.kill(), START_TIMEOUT_MS);
    try {
      const first = await sandbox.#lines.next();
      if (first.done || first.value !== '{"type":"ready"}') {
        throw new Error("the Python sandbox process did not start");
      }
      return sandbox;
    } catch (error) {
      sandbox.kill();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs one program and ends the process. */
  async run(request: RunRequest, limits: SandboxLimits): Promise<ProgramOutcome> {
    let killedFor: "timeout" | "memory" | undefined;
    const hardDeadline = setTimeout(() => {
      killedFor = "timeout";
      this.kill();
    }, limits.timeoutMs + KILL_GRACE_MS);
    const memoryWatch = setInterval(async () => {
      const rss = await residentBytes(this.#child.pid);
      if (rss !== undefined && rss > limits.memoryLimitBytes + PROCESS_OVERHEAD_BYTES) {
        killedFor = "memory";
        this.kill();
      }
    }, MEMORY_POLL_MS);
    try {
      this.#child.stdin?.end(
        `${JSON.stringify({
          type: "run",
          code: request.code,
          stdin: request.stdin ?? "",
          timeoutMs: limits.timeoutMs,
          outputCapBytes: limits.outputCapBytes,
        })}\n`,
      );
      const line = await this.#lines.next().catch(() => undefined);
      const outcome =
        line === undefined || line.done
          ? undefined
          : parseOutcome(line.value, limits.outputCapBytes);
      if (outcome) return outcome;
      const exit = await this.#exited;
      if (killedFor === "timeout") return noResult("interrupted");
      // V8 aborts the process when its heap limit (--max-old-space-size) is reached.
      if (killedFor === "memory" || exit.signal === "SIGABRT" || exit.code === 134) {
        return noResult("memory");
      }
      return {
        ...noResult("error"),
        stderr: "The Python sandbox process ended unexpectedly.\n",
      };
    } finally {
      clearTimeout(hardDeadline);
      clearInterval(memoryWatch);
      this.kill();
    }
  }

  /** Kills the process (idempotent). */
  kill(): void {
    if (!this.#hasExited) this.#child.kill("SIGKILL");
  }

  /** Resolves once the process has exited. */
  get exited(): Promise<unknown> {
    return this.#exited;
  }
}

function noResult(kind: ProgramOutcome["kind"]): ProgramOutcome {
  return { kind, exitCode: 1, stdout: "", stderr: "", truncated: false };
}

/**
 * The child's stdout as lines; a line longer than the output caps allow (a program that reached
 * JavaScript and writes on its own) kills the process rather than filling the server's memory.
 */
async function* readLines(child: ChildProcess, outputCapBytes: number): AsyncGenerator<string> {
  const maxLineBytes = 8 * outputCapBytes + 65_536;
  let pending = "";
  for await (const chunk of child.stdout ?? []) {
    pending += String(chunk);
    let newline = pending.indexOf("\n");
    while (newline !== -1) {
      yield pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf("\n");
    }
    if (pending.length > maxLineBytes) {
      child.kill("SIGKILL");
      return;
    }
  }
}

/** Reads one result line; anything malformed counts as no result. */
function parseOutcome(line: string, outputCapBytes: number): ProgramOutcome | undefined {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof message !== "object" || message === null) return undefined;
  const fields = message as Record<string, unknown>;
  const kinds = ["exit", "error", "interrupted", "memory"] as const;
  const kind = kinds.find((candidate) => candidate === fields.kind);
  if (fields.type !== "result" || kind === undefined) return undefined;
  const stdout = capText(fields.stdout, outputCapBytes);
  const stderr = capText(fields.stderr, outputCapBytes);
  return {
    kind,
    exitCode: Number.isInteger(fields.exitCode) ? (fields.exitCode as number) : 1,
    stdout: stdout.text,
    stderr: stderr.text,
    truncated: fields.truncated === true || stdout.isCut || stderr.isCut,
  };
}

function capText(value: unknown, capBytes: number): { text: string; isCut: boolean } {
  const text = typeof value === "string" ? value : "";
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= capBytes) return { text, isCut: false };
  return { text: bytes.subarray(0, capBytes).toString("utf8"), isCut: true };
}

/** Resident memory of a process in bytes (Linux); undefined elsewhere or once it is gone. */
async function residentBytes(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined || process.platform !== "linux") return undefined;
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
