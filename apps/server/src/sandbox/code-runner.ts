import type { TRunnableLanguage, TRunResult } from "@codegenie/shared";

/** One piece of code to run in the sandbox. */
export interface RunRequest {
  language: TRunnableLanguage;
  code: string;
  /** Given to the program as its standard input; empty when left out. */
  stdin?: string;
}

/**
 * Runs untrusted code with limits (wall time, memory, output size) and no access to the host:
 * Python in a separate Pyodide process, JavaScript in QuickJS. `POST /api/code/run` and the
 * automatic checks of generated code both go through it.
 */
export interface CodeRunner {
  run(request: RunRequest): Promise<TRunResult>;
  /** Stops warm interpreters and kills sandbox processes (shutdown). */
  close(): Promise<void>;
}
