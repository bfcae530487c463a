// A worker thread that runs JavaScript in QuickJS (WebAssembly), one program at a time, each in
// a fresh runtime and context: the program sees only what is defined below (console, stdin,
// readStdin) — no require, process, fetch, timers or files.
//
// Plain JavaScript so the server can start it as a worker thread without a TypeScript loader.
// A thread, not the server's own event loop: a program runs synchronously until it ends or the
// interrupt handler stops it, and the server must keep answering meanwhile.

import { parentPort } from "node:worker_threads";
import { getQuickJS } from "quickjs-emscripten";

/** QuickJS's C stack limit: without it deep recursion overflows the host stack. */
const MAX_STACK_BYTES = 256 * 1024;

const quickjs = await getQuickJS();

// Defines the program's globals from one host function, then removes that function: console.*
// and readStdin() close over it. Formatting happens inside QuickJS, so no program value ever
// reaches the host except as a string.
const PRELUDE = `
(() => {
  const write = globalThis.__codegenieWrite;
  delete globalThis.__codegenieWrite;
  const show = (value) => {
    if (typeof value === "string") return value;
    if (typeof value === "function") return "[Function " + (value.name || "anonymous") + "]";
    if (value instanceof Error) return value.stack ? value.name + ": " + value.message + "\\n" + value.stack : String(value);
    if (typeof value === "object" && value !== null) {
      try { return JSON.stringify(value); } catch { return String(value); }
    }
    return String(value);
  };
  const printer = (stream) => (...values) => { write(stream, values.map(show).join(" ") + "\\n"); };
  globalThis.console = {
    log: printer(1), info: printer(1), debug: printer(1), error: printer(2), warn: printer(2),
  };
  const stdin = globalThis.__codegenieStdin;
  delete globalThis.__codegenieStdin;
  Object.defineProperty(globalThis, "stdin", { value: stdin, enumerable: false });
  globalThis.readStdin = () => stdin;
})();
`;

/** Runs one program; reports { kind, exitCode, stdout, stderr, truncated }. */
function runProgram({ code, stdin, timeoutMs, memoryLimitBytes, outputCapBytes }) {
  const output = { 1: [], 2: [], bytes: { 1: 0, 2: 0 }, truncated: false };
  const deadline = Date.now() + timeoutMs;
  let isInterrupted = false;
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(memoryLimitBytes);
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  runtime.setInterruptHandler(() => {
    if (Date.now() < deadline) return false;
    isInterrupted = true;
    return true;
  });
  const context = runtime.newContext();
  try {
    const write = context.newFunction("__codegenieWrite", (streamHandle, textHandle) => {
      const stream = context.getNumber(streamHandle) === 2 ? 2 : 1;
      const bytes = Buffer.from(context.getString(textHandle), "utf8");
      const room = outputCapBytes - output.bytes[stream];
      if (room > 0) output[stream].push(bytes.subarray(0, room));
      if (bytes.length > room) output.truncated = true;
      output.bytes[stream] += Math.min(bytes.length, Math.max(room, 0));
    });
    context.setProp(context.global, "__codegenieWrite", write);
    write.dispose();
    const stdinHandle = context.newString(stdin);
    context.setProp(context.global, "__codegenieStdin", stdinHandle);
    stdinHandle.dispose();
    context.unwrapResult(context.evalCode(PRELUDE, "prelude.js")).dispose();

    let failure = null;
    const result = context.evalCode(code, "main.js");
    if (result.error) {
      failure = context.dump(result.error);
      result.error.dispose();
    } else {
      // Settle promises (async functions, top-level .then chains) the program left behind.
      const promiseState = context.getPromiseState(result.value);
      result.value.dispose();
      const jobs = runtime.executePendingJobs();
      if (jobs.error) {
        failure = context.dump(jobs.error);
        jobs.error.dispose();
      }
      if (!failure && promiseState.type === "rejected") {
        failure = context.dump(promiseState.error);
        promiseState.error.dispose();
      }
    }
    const kind = classify(failure, isInterrupted);
    if (kind === "error") {
      const text = describeError(failure);
      const bytes = Buffer.from(`${text}\n`, "utf8");
      const room = outputCapBytes - output.bytes[2];
      if (room > 0) output[2].push(bytes.subarray(0, room));
      if (bytes.length > room) output.truncated = true;
    }
    return {
      kind,
      exitCode: kind === "exit" ? 0 : 1,
      stdout: Buffer.concat(output[1]).toString("utf8"),
      stderr: Buffer.concat(output[2]).toString("utf8"),
      truncated: output.truncated,
    };
  } finally {
    try {
      context.dispose();
      runtime.dispose();
    } catch {
      // A runtime stopped out of memory may refuse to free cleanly; it is dropped either way.
    }
  }
}

function classify(failure, isInterrupted) {
  if (failure === null) return "exit";
  if (isInterrupted) return "interrupted";
  const message = typeof failure === "object" && failure !== null ? String(failure.message) : "";
  if (/out of memory/i.test(message)) return "memory";
  return "error";
}

function describeError(failure) {
  if (typeof failure !== "object" || failure === null) return `Uncaught ${String(failure)}`;
  const head = `${failure.name ?? "Error"}: ${failure.message ?? ""}`;
  return failure.stack ? `${head}\n${failure.stack}` : head;
}

parentPort.on("message", (request) => {
  let result;
  try {
    result = runProgram(request);
  } catch (error) {
    const isMemory = /out of memory|memory access out of bounds/i.test(String(error));
    result = {
      kind: isMemory ? "memory" : "error",
      exitCode: 1,
      stdout: "",
      stderr: String(error),
      truncated: false,
    };
  }
  parentPort.postMessage(result);
});
parentPort.postMessage({ kind: "ready" });
