import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxCodeRunner } from "./sandbox-code-runner";
import { createTestRunner } from "./sandbox-testing";

// Every test here runs real Pyodide in real sandbox processes (one process per program).

const SERVER_FILE = fileURLToPath(import.meta.url);
const SECRET = `codegenie-secret-${process.pid}`;

let runner: SandboxCodeRunner;
let listener: Server;
let port = 0;
let connectionsSeen = 0;

beforeAll(async () => {
  process.env.CODEGENIE_TEST_SECRET = SECRET;
  runner = createTestRunner();
  listener = createServer((socket) => {
    connectionsSeen += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  port = (listener.address() as { port: number }).port;
});
afterAll(async () => {
  delete process.env.CODEGENIE_TEST_SECRET;
  await runner.close();
  await new Promise((resolve) => listener.close(resolve));
});

const python = (code: string, stdin?: string) => runner.run({ language: "python", code, stdin });

/**
 * Python that reaches this process's JavaScript the way an attacker would (any JsProxy's
 * constructor.constructor is JavaScript's Function), then runs `body` there.
 */
const viaJavaScript = (body: string) => `
from pyodide.ffi import to_js
Function = to_js({}).constructor.constructor
print(Function(${JSON.stringify(body)})())
`;

describe("Python sandbox: running programs", () => {
  it("gives stdin to the program and returns stdout, status and exit code", async () => {
    const result = await python("name = input()\nprint(f'hello {name}')", "Ada\n");
    expect(result).toMatchObject({ status: "ok", exitCode: 0, stdout: "hello Ada\n", stderr: "" });
    expect(result.truncated).toBe(false);
  });

  it("reports an exception with its traceback, and sys.exit codes", async () => {
    const failed = await python("def f():\n    return 1 / 0\nf()");
    expect(failed.status).toBe("error");
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toContain("Traceback (most recent call last)");
    expect(failed.stderr).toContain("ZeroDivisionError: division by zero");
    const exited = await python("import sys\nprint('bye')\nsys.exit(3)");
    expect(exited).toMatchObject({ status: "error", exitCode: 3, stdout: "bye\n" });
  });

  it("starts every program from a clean interpreter", async () => {
    await python("secret_of_a_previous_user = 42\nimport builtins\nbuiltins.leak = 'x'");
    const next = await python(
      "print('secret_of_a_previous_user' in globals(), hasattr(__builtins__, 'leak'))",
    );
    expect(next.stdout).toBe("False False\n");
  });
});

describe("Python sandbox: escape attempts are contained", () => {
  it("cannot read /etc/passwd or the server's files, from Python or from JavaScript", async () => {
    const result = await python(`
for path in ["/etc/passwd", ${JSON.stringify(SERVER_FILE)}]:
    try:
        print("READ", open(path).read()[:20])
    except OSError as error:
        print("denied", type(error).__name__)
${viaJavaScript(`try { return process.getBuiltinModule("fs").readFileSync("/etc/passwd", "utf8") } catch (e) { return "denied " + e.code }`)}
`);
    expect(result.stdout).not.toContain("READ");
    expect(result.stdout).not.toContain("root:");
    expect(result.stdout).toContain("denied ERR_ACCESS_DENIED");
  });

  it("cannot write a file on the host", async () => {
    const target = `/tmp/codegenie-sandbox-${process.pid}.txt`;
    const result = await python(`
open(${JSON.stringify(target)}, "w").write("python")
${viaJavaScript(`try { process.getBuiltinModule("fs").writeFileSync(${JSON.stringify(`${target}.js`)}, "js"); return "WROTE" } catch (e) { return "denied " + e.code }`)}
`);
    expect(result.stdout).toContain("denied ERR_ACCESS_DENIED");
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.js`)).toBe(false);
  });

  it("sees none of the server's environment variables", async () => {
    expect(process.env.CODEGENIE_TEST_SECRET).toBe(SECRET);
    const result = await python(`
import os
print(sorted(os.environ.items()))
${viaJavaScript("return JSON.stringify(process.env)")}
`);
    expect(result.status).toBe("ok");
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).not.toContain("CODEGENIE_TEST_SECRET");
    expect(result.stdout).toContain("{}");
  });

  it("cannot spawn a process, a thread or a worker (fork-bomb patterns)", async () => {
    const result = await python(`
import os, subprocess, threading
attempts = {
    "os.fork": lambda: os.fork(),
    "subprocess": lambda: subprocess.run(["id"]),
    "thread": lambda: threading.Thread(target=lambda: None).start(),
}
for name, attempt in attempts.items():
    try:
        attempt()
        print("ALLOWED", name)
    except Exception as error:
        print("denied", name)
${viaJavaScript(`const out = [];
for (const [name, attempt] of Object.entries({
  spawn: () => process.getBuiltinModule("child_process").execSync("id"),
  worker: () => new (process.getBuiltinModule("worker_threads").Worker)("0", { eval: true }),
  binding: () => process.binding("spawn_sync"),
})) { try { attempt(); out.push("ALLOWED " + name) } catch (e) { out.push("denied " + name) } }
return out.join("\\n")`)}
# Pyodide has no os.system: the call is a fatal error that ends the program.
os.system("id")
`);
    expect(result.stdout).not.toContain("ALLOWED");
    expect(result.stdout).not.toContain("uid=");
    for (const name of ["os.fork", "subprocess", "thread", "spawn", "worker", "binding"]) {
      expect(result.stdout).toContain(`denied ${name}`);
    }
  });

  it("finds no way to Node through js, pyodide internals or JsProxies found by gc", async () => {
    const result = await python(`
import gc
for name in ["js", "pyodide_js"]:
    try:
        __import__(name)
        print("IMPORTED", name)
    except ImportError:
        print("no", name)
try:
    from pyodide.code import run_js
    run_js("1")
    print("RUN_JS")
except Exception:
    print("no run_js")
from pyodide.ffi import JsProxy
proxies = [obj for obj in gc.get_objects() if isinstance(obj, JsProxy)]
print("gc proxies", len(proxies))
for proxy in proxies:
    try:
        Function = proxy.constructor.constructor
        print(Function("try { return process.getBuiltinModule('child_process').execSync('id').toString() } catch (e) { return 'denied ' + e.code }")())
    except Exception:
        pass
${viaJavaScript("return typeof require + ' ' + typeof fetch + ' ' + typeof WebSocket")}
`);
    expect(result.stdout).toContain("no js\nno pyodide_js\nno run_js\n");
    expect(result.stdout).not.toContain("uid=");
    // Even where a JsProxy is reached, Node has nothing left to give.
    expect(result.stdout).toContain("undefined undefined undefined");
  });

  it("cannot open a socket to a server on loopback, even with dynamic import('node:net')", async () => {
    // The attacker keeps the process alive (its result never arrives) so async code has time.
    const result = await python(
      viaJavaScript(`
process.stdout.write = () => true;
process.exit = () => {};
setInterval(() => {}, 1000);
import("node:net").then((net) => net.connect(${port}, "127.0.0.1").on("error", () => {}));
process.getBuiltinModule("http").get("http://127.0.0.1:${port}/").on("error", () => {});
return "sent";`),
    );
    expect(result.status).toBe("timeout");
    expect(connectionsSeen).toBe(0);
    expect(runner.networkIsolation).toBe("namespace");
  });
});

describe("Python sandbox: limits", () => {
  it("stops an infinite loop at the time limit, and the next run works", async () => {
    const looped = await python("print('started', flush=True)\nwhile True:\n    pass");
    expect(looped.status).toBe("timeout");
    expect(looped.stdout).toBe("started\n");
    expect(looped.durationMs).toBeLessThan(10_000);
    expect((await python("print(2)")).stdout).toBe("2\n");
  });

  it("kills a program stuck in one long C call past the hard deadline", async () => {
    const stuck = await python("sum(range(10**13))");
    expect(stuck.status).toBe("timeout");
    expect((await python("print(3)")).status).toBe("ok");
  });

  it("ends a program that allocates until memory runs out, and the next run works", async () => {
    const growing = await python("blocks = []\nwhile True:\n    blocks.append(bytearray(10**6))");
    expect(growing.status).toBe("memory_limit");
    const huge = await python("data = bytearray(2**30)");
    expect(huge.status).toBe("memory_limit");
    expect((await python("print(4)")).stdout).toBe("4\n");
  });

  it("caps 100 MB of output at the output cap", async () => {
    const result = await python("for _ in range(100):\n    print('x' * 1_000_000)");
    expect(result.status).toBe("ok");
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBe(65_536);
  });
});
