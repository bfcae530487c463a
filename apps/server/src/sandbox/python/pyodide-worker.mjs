// The Python sandbox process: one Pyodide interpreter that runs ONE program, then exits.
//
// Plain JavaScript on purpose: it runs under `node --experimental-permission` with file reads
// allowed only for this file and Pyodide's own folder, so it cannot load tsx or anything else.
// Protocol (newline-delimited JSON): it writes `{"type":"ready"}` on stdout once Pyodide is
// loaded, reads one `{"type":"run",...}` line on stdin, writes one `{"type":"result",...}` line
// and exits. Nothing else may be written on stdout, so Python's output is captured in memory.
//
// Python can reach this process's JavaScript (`import js`, `pyodide.code.run_js`, any JsProxy's
// `constructor.constructor`), so everything here is a soft wall: the real ones are the process
// boundary, Node's permission model (no files, no child processes, no workers, no native
// addons), the network namespace when the OS grants one, the WASM heap cap and the parent's
// hard deadline. What is removed below only makes an escape harder.

import { createInterface } from "node:readline";

const pyodideDir = process.argv[2];
const memoryLimitBytes = Number(process.argv[3]);

// Pyodide calls process.binding("constants") while it loads; the permission model throws on
// process.binding, so answer that one call from the public os.constants.
const { constants } = await import("node:os");
const fsConstants = (await import("node:fs")).constants;
process.binding = (name) => {
  if (name === "constants") return { os: constants, fs: fsConstants };
  throw new Error(`process.binding(${name}) is not available in the sandbox`);
};

// Cap the WASM heap: Pyodide grows its memory with Memory.prototype.grow; refusing a grow past
// the limit makes malloc fail, which Python reports as MemoryError.
const originalGrow = WebAssembly.Memory.prototype.grow;
let hasHitMemoryLimit = false;
WebAssembly.Memory.prototype.grow = function grow(pages) {
  if (this.buffer.byteLength + pages * 65_536 > memoryLimitBytes) {
    hasHitMemoryLimit = true;
    throw new RangeError("sandbox memory limit");
  }
  return originalGrow.call(this, pages);
};

const { loadPyodide } = await import(`${pyodideDir}/pyodide.mjs`);

const output = { stdout: [], stderr: [], bytes: { stdout: 0, stderr: 0 }, truncated: false };
let outputCapBytes = 65_536;
let stdinBytes = new Uint8Array(0);

/** A writer that keeps the first `outputCapBytes` bytes of a stream and counts the rest. */
function capturing(stream) {
  return {
    isatty: false,
    write(buffer) {
      const room = outputCapBytes - output.bytes[stream];
      if (room > 0) output[stream].push(Buffer.from(buffer.subarray(0, room)));
      if (buffer.length > room) output.truncated = true;
      output.bytes[stream] += Math.min(buffer.length, Math.max(room, 0));
      return buffer.length;
    },
  };
}

const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  // `import js` gives this object instead of globalThis.
  jsglobals: Object.create(null),
  env: { HOME: "/home/pyodide" },
  stdout: () => {},
  stderr: () => {},
});
pyodide.setStdout(capturing("stdout"));
pyodide.setStderr(capturing("stderr"));
let stdinOffset = 0;
pyodide.setStdin({
  read(buffer) {
    const chunk = stdinBytes.subarray(stdinOffset, stdinOffset + buffer.length);
    buffer.set(chunk);
    stdinOffset += chunk.length;
    return chunk.length;
  },
});

// Runs the program as __main__ and reports how it ended; the traceback goes to stderr, as
// CPython prints it (without this driver's own frame).
const runProgram = pyodide.runPython(`
import sys, traceback
def _codegenie_run(source):
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    try:
        exec(compile(source, "<main>", "exec"), namespace)
    except SystemExit as error:
        code = error.code
        if code is None:
            return ("exit", 0)
        if isinstance(code, int):
            return ("exit", code)
        print(code, file=sys.stderr)
        return ("exit", 1)
    except KeyboardInterrupt:
        return ("interrupted", 1)
    except MemoryError:
        return ("memory", 1)
    except BaseException as error:
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        return ("error", 1)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return ("exit", 0)
_codegenie_run
`);

// Leave user code as little of Node as possible (see the header: a soft wall).
for (const name of [
  "fetch",
  "WebSocket",
  "EventSource",
  "XMLHttpRequest",
  "Request",
  "Response",
  "Headers",
  "FormData",
  "Worker",
  "SharedWorker",
  "BroadcastChannel",
  "MessageChannel",
  "require",
  "module",
]) {
  delete globalThis[name];
}
for (const name of Object.keys(process.env)) delete process.env[name];
// \`import js\` and \`import pyodide_js\` would hand Python JavaScript objects to start from.
pyodide.unregisterJsModule("js");
pyodide.unregisterJsModule("pyodide_js");
pyodide.runPython(`
import sys
for name in ("js", "pyodide.code", "pyodide.ffi.wrappers", "pyodide.http", "pyodide_js", "_pyodide_core"):
    sys.modules.pop(name, None)
`);

const lines = createInterface({ input: process.stdin });
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

lines.once("line", (line) => {
  lines.close();
  const request = JSON.parse(line);
  outputCapBytes = request.outputCapBytes;
  stdinBytes = new TextEncoder().encode(request.stdin ?? "");
  const deadline = performance.now() + request.timeoutMs;
  // Python reads element 0 of the interrupt buffer every few bytecodes; an object that turns
  // to SIGINT (2) at the deadline stops a runaway loop without a second thread.
  let isInterrupted = false;
  pyodide.setInterruptBuffer({
    get 0() {
      if (isInterrupted || performance.now() < deadline) return 0;
      isInterrupted = true;
      return 2;
    },
    set 0(_value) {},
  });
  let outcome;
  try {
    outcome = runProgram(request.code).toJs();
  } catch (error) {
    // Pyodide itself failed (e.g. out of memory inside the runtime).
    outcome = [hasHitMemoryLimit ? "memory" : "error", 1];
    if (!hasHitMemoryLimit) capturing("stderr").write(new TextEncoder().encode(String(error)));
  }
  const [kind, exitCode] = outcome;
  send({
    type: "result",
    kind: hasHitMemoryLimit && kind !== "exit" ? "memory" : isInterrupted ? "interrupted" : kind,
    exitCode,
    stdout: Buffer.concat(output.stdout).toString("utf8"),
    stderr: Buffer.concat(output.stderr).toString("utf8"),
    truncated: output.truncated,
  });
  process.exitCode = 0;
  // The result must leave before the process does.
  process.stdout.end(() => process.exit(0));
});

send({ type: "ready" });
