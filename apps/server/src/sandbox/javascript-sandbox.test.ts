import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxCodeRunner } from "./sandbox-code-runner";
import { createTestRunner } from "./sandbox-testing";

// Real QuickJS (WebAssembly) in real worker threads.

let runner: SandboxCodeRunner;
let smallRunner: SandboxCodeRunner;
beforeAll(() => {
  runner = createTestRunner();
  // A small heap so that filling it takes well under the time limit.
  // A long deadline: on a busy machine the allocation must hit the memory limit, not the clock.
  smallRunner = createTestRunner({ memoryLimitBytes: 32 * 1024 * 1024, timeoutMs: 30_000 });
});
afterAll(async () => {
  await runner.close();
  await smallRunner.close();
});

const javascript = (code: string, stdin?: string) =>
  runner.run({ language: "javascript", code, stdin });

describe("JavaScript sandbox", () => {
  it("captures console output, reads stdin and reports uncaught errors", async () => {
    const result = await javascript(
      "console.log('sum', 1 + 2, { a: [1] }); console.error('warned'); console.log(readStdin().trim() === stdin.trim())",
      "input\n",
    );
    expect(result).toMatchObject({
      status: "ok",
      exitCode: 0,
      stdout: 'sum 3 {"a":[1]}\ntrue\n',
      stderr: "warned\n",
    });
    const failed = await javascript(
      "function parse() { throw new TypeError('bad input') }\nparse()",
    );
    expect(failed.status).toBe("error");
    expect(failed.stderr).toContain("TypeError: bad input");
    expect(failed.stderr).toContain("main.js:1");
  });

  it("waits for promises and reports a rejected one", async () => {
    const result = await javascript(
      "(async () => { await null; console.log('later') })(); Promise.reject(new Error('nope'))",
    );
    expect(result.stdout).toBe("later\n");
    expect(result.status).toBe("error");
    expect(result.stderr).toContain("Error: nope");
  });

  it("has no require, process, fetch, timers or host modules", async () => {
    const result = await javascript(`
console.log([typeof require, typeof process, typeof fetch, typeof setTimeout, typeof WebSocket].join(" "));
import("node:net").then(() => console.log("IMPORTED"), (error) => console.log("no import:", error.message));
console.log(Object.getOwnPropertyNames(globalThis).filter((name) => name.startsWith("__codegenie")).length);
`);
    expect(result.stdout).toContain("undefined undefined undefined undefined undefined\n");
    expect(result.stdout).toContain("no import:");
    expect(result.stdout).not.toContain("IMPORTED");
    expect(result.stdout).toContain("0\n");
  });

  it("starts every program in a fresh context", async () => {
    await javascript("globalThis.leftBehind = 'secret'; Object.prototype.polluted = true");
    const next = await javascript("console.log(typeof leftBehind, ({}).polluted)");
    expect(next.stdout).toBe("undefined undefined\n");
  });

  it("stops an infinite loop while the server's event loop stays free, and the next run works", async () => {
    const lags: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      lags.push(now - last);
      last = now;
    }, 20);
    const looped = await javascript("console.log('start'); for (;;) {}");
    clearInterval(ticker);
    expect(looped.status).toBe("timeout");
    expect(looped.stdout).toBe("start\n");
    expect(Math.max(...lags)).toBeLessThan(1_000);
    expect((await javascript("console.log(5)")).stdout).toBe("5\n");
  });

  it("survives deep recursion with a stack overflow error", async () => {
    const result = await javascript("function down(n) { return down(n + 1) + 1 }\ndown(0)");
    expect(result.status).toBe("error");
    expect(result.stderr).toMatch(/stack overflow|Maximum call stack/i);
    expect((await javascript("console.log('alive')")).stdout).toBe("alive\n");
  });

  it("ends a program that allocates until memory runs out, and the next run works", async () => {
    const growing = await smallRunner.run({
      language: "javascript",
      code: "const kept = []; for (;;) kept.push(new Uint8Array(1 << 22))",
    });
    expect(growing.status).toBe("memory_limit");
    const huge = await javascript("new ArrayBuffer(2 ** 30)");
    expect(huge.status).toBe("memory_limit");
    expect((await javascript("console.log(6)")).stdout).toBe("6\n");
  });

  it("caps 100 MB of output", async () => {
    const result = await javascript(
      "for (let i = 0; i < 100; i++) console.log('x'.repeat(1_000_000))",
    );
    expect(result.status).toBe("ok");
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBe(65_536);
  });
});
