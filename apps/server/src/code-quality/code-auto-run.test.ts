import type { TCodeBlocksResponse } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertHistoryRow } from "../history/history-testing";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// The automatic run of generated Python and JavaScript through the app's real sandbox
// (`app.codeRunner`: Pyodide in its own process, QuickJS), with the default configuration.
let testApp: TestApp;
let ada: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp();
  ada = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const ANSWER = [
  "```python",
  "print(sum(range(4)))",
  "```",
  "",
  "```js",
  "console.log([1, 2].map((n) => n * 2).join(','));",
  "```",
  "",
  "```python",
  "raise ValueError('boom')",
  "```",
  "",
  "```javascript",
  "const broken = ;",
  "```",
  "",
  "```go",
  'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(1) }',
  "```",
].join("\n");

describe("automatic runs", () => {
  it("runs syntax-valid Python and JavaScript blocks once and stores the outcome", async () => {
    const row = await insertHistoryRow(testApp.app.database.db, {
      userId: ada.id,
      responseText: ANSWER,
    });
    testApp.app.codeChecks.enqueue(row.id);
    await testApp.app.codeChecks.idle();
    const response = await testApp.app.inject({
      method: "GET",
      url: `/api/history/${row.id}/code`,
      headers: ada.headers,
    });
    const body: TCodeBlocksResponse = response.json();
    expect(body.state).toBe("checked");
    const [python, javascript, raising, broken, go] = body.blocks;
    expect(python?.execution).toMatchObject({ status: "ok", stdout: "6\n", truncated: false });
    expect(javascript?.execution).toMatchObject({ status: "ok", stdout: "2,4\n" });
    expect(raising?.syntax).toEqual({ valid: true, error: null });
    expect(raising?.execution?.status).toBe("error");
    expect(raising?.execution?.stderr).toContain("ValueError: boom");
    // Invalid syntax is not run; Go is checked but never run.
    expect(broken).toMatchObject({ syntax: { valid: false }, execution: null });
    expect(go).toMatchObject({ syntax: { valid: true, error: null }, execution: null });
  }, 60_000);
});
