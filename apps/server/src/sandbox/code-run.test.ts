import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// The real app, real sandbox (Pyodide processes, QuickJS threads), over app.inject.

let testApp: TestApp;
let user: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp({
    CODE_RUN_TIMEOUT_MS: "2000",
    CODE_RUN_MAX_CHARS: "200",
    CODE_RUN_POOL_SIZE: "1",
    CODE_RUN_RATE_LIMIT_MAX: "8",
  });
  user = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const run = (payload: object, headers: Record<string, string> = user.headers) =>
  testApp.app.inject({ method: "POST", url: "/api/code/run", headers, payload });

describe("POST /api/code/run", () => {
  it("runs Python and JavaScript for a signed-in user", async () => {
    const python = await run({ language: "python", code: "print(input()[::-1])", stdin: "olleh" });
    expect(python.statusCode).toBe(200);
    expect(python.json()).toMatchObject({ status: "ok", stdout: "hello\n", exitCode: 0 });
    const javascript = await run({
      language: "JavaScript",
      code: "console.log(readStdin())",
      stdin: "hi",
    });
    expect(javascript.statusCode).toBe(200);
    expect(javascript.json()).toMatchObject({ status: "ok", stdout: "hi\n", truncated: false });
    expect(javascript.json().durationMs).toBeGreaterThanOrEqual(0);
  });

  it("refuses anonymous callers, other languages and code over the limit", async () => {
    expect((await run({ language: "python", code: "print(1)" }, {})).statusCode).toBe(401);
    const ruby = await run({ language: "ruby", code: "puts 1" });
    expect(ruby.statusCode).toBe(422);
    expect(ruby.json().error).toMatchObject({
      code: "code.unsupported_language",
      details: { language: "ruby", supported: ["python", "javascript"] },
    });
    const large = await run({ language: "python", code: `print(${"1".repeat(300)})` });
    expect(large.statusCode).toBe(413);
    expect(large.json().error.code).toBe("code.too_large");
    expect((await run({ language: "python", code: "  " })).statusCode).toBe(400);
  });

  it("keeps answering other requests while runaway programs run", async () => {
    const runaways = [
      run({ language: "python", code: "while True:\n    pass" }),
      run({ language: "javascript", code: "for (;;) {}" }),
    ];
    // Let both programs start before timing the health check.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const startedAt = performance.now();
    const health = await testApp.app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(performance.now() - startedAt).toBeLessThan(500);
    const statuses = (await Promise.all(runaways)).map((response) => response.json().status);
    expect(statuses).toEqual(["timeout", "timeout"]);
  });

  it("limits runs per user with 429 and Retry-After", async () => {
    const other = await signUpUser(testApp.app);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let attempt = 0; attempt < 9; attempt += 1) {
      const response = await run({ language: "javascript", code: "1" }, other.headers);
      statuses.push(response.statusCode);
      if (response.statusCode === 429) retryAfter = String(response.headers["retry-after"]);
    }
    expect(statuses.slice(0, 8).every((status) => status === 200)).toBe(true);
    expect(statuses[8]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
