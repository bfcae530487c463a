import pino from "pino";
import { SandboxCodeRunner, type SandboxOptions } from "./sandbox-code-runner";

/** A real sandbox runner for tests: short limits so runaway programs end quickly. */
export function createTestRunner(options: Partial<SandboxOptions> = {}): SandboxCodeRunner {
  return new SandboxCodeRunner(
    {
      timeoutMs: 2_000,
      memoryLimitBytes: 256 * 1024 * 1024,
      outputCapBytes: 65_536,
      poolSize: 2,
      ...options,
    },
    pino({ level: "silent" }),
  );
}
