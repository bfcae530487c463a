import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
// A test double for an OpenAI-compatible inference server (vLLM …), which cannot run here.
import { type OpenAiTestServer, startOpenAiTestServer } from "@codegenie/llm/remote/testing";
import type { TCodeBlocksResponse } from "@codegenie/shared";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database";
import { codeBlocks, generations } from "../db/schema";
import { insertHistoryRow } from "../history/history-testing";
import {
  buildTestApp,
  createTestDatabase,
  signUpUser,
  type TestApp,
  type TestUser,
} from "../testing/test-app";

// The background checks on the embedded database, through the HTTP API. Automatic runs are off
// here (CODE_AUTO_RUN_LANGUAGES=none): these tests are about extraction, syntax and the flow.
const ANSWER = [
  "Here you go:",
  "",
  "```python",
  "def add(a, b):",
  "    return a + b",
  "```",
  "",
  "And a broken one:",
  "",
  "```js",
  "const total = ;",
  "```",
  "",
  "```",
  "SELECT name FROM users;",
  "```",
  "",
  "```haskell",
  "main = print 1",
  "```",
].join("\n");

let testApp: TestApp;
let ada: TestUser;
let grace: TestUser;
let server: OpenAiTestServer;
let modelsFolder: string;
beforeAll(async () => {
  server = await startOpenAiTestServer({ pieces: [ANSWER.slice(0, 40), ANSWER.slice(40)] });
  modelsFolder = await mkdtemp(path.join(tmpdir(), "codegenie-models-"));
  const modelsFile = path.join(modelsFolder, "models.json");
  const model = {
    id: "remote",
    name: "Remote",
    promptFormat: "chatml",
    source: { openai: { baseUrls: [server.baseUrl], model: "served-model" } },
  };
  await writeFile(modelsFile, JSON.stringify({ models: [model] }));
  testApp = await buildTestApp({
    CODEGENIE_MODELS_FILE: modelsFile,
    CODE_AUTO_RUN_LANGUAGES: "none",
  });
  ada = await signUpUser(testApp.app);
  grace = await signUpUser(testApp.app);
});
afterAll(async () => {
  await testApp.close();
  await server.close();
  await rm(modelsFolder, { recursive: true, force: true });
});

const db = () => testApp.app.database.db;
const codeOf = (who: TestUser, id: string) =>
  testApp.app.inject({ method: "GET", url: `/api/history/${id}/code`, headers: who.headers });

const EXPECTED_BLOCKS = [
  {
    index: 0,
    language: "python",
    isLanguageGuessed: false,
    syntax: { valid: true, error: null },
    execution: null,
  },
  {
    index: 1,
    language: "javascript",
    isLanguageGuessed: false,
    syntax: { valid: false, error: { line: 1, column: 13, message: 'unexpected "="' } },
    execution: null,
  },
  {
    index: 2,
    language: "sql",
    isLanguageGuessed: true,
    syntax: { valid: true, error: null },
    execution: null,
  },
  {
    index: 3,
    language: "haskell",
    isLanguageGuessed: false,
    syntax: null,
    execution: null,
  },
];

describe("GET /api/history/:id/code", () => {
  it("is pending until the answer is checked, then lists its blocks with their checks", async () => {
    const row = await insertHistoryRow(db(), {
      userId: ada.id,
      status: "running",
      responseText: ANSWER.slice(0, 50),
      finishedAt: null,
    });
    const whileRunning = await codeOf(ada, row.id);
    expect(whileRunning.statusCode).toBe(200);
    expect(whileRunning.json()).toEqual({ state: "pending", blocks: [] });

    // The generation service closes the row, then hands it to the checks.
    await db()
      .update(generations)
      .set({ status: "completed", responseText: ANSWER, finishedAt: new Date() })
      .where(eq(generations.id, row.id));
    expect((await codeOf(ada, row.id)).json()).toEqual({ state: "pending", blocks: [] });
    testApp.app.codeChecks.enqueue(row.id);
    await testApp.app.codeChecks.idle();

    const checked = await codeOf(ada, row.id);
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toEqual({ state: "checked", blocks: EXPECTED_BLOCKS });
    const [stored] = await db()
      .select({ codeCheckedAt: generations.codeCheckedAt })
      .from(generations)
      .where(eq(generations.id, row.id));
    expect(stored?.codeCheckedAt).toBeInstanceOf(Date);
  });

  it("checks an answer once, however often it is queued", async () => {
    const row = await insertHistoryRow(db(), { userId: ada.id, responseText: ANSWER });
    for (let attempt = 0; attempt < 3; attempt += 1) testApp.app.codeChecks.enqueue(row.id);
    await testApp.app.codeChecks.idle();
    testApp.app.codeChecks.enqueue(row.id);
    await testApp.app.codeChecks.idle();
    const stored = await db().select().from(codeBlocks).where(eq(codeBlocks.generationId, row.id));
    expect(stored).toHaveLength(4);
  });

  it("checks what a stopped answer wrote, its unclosed last fence included", async () => {
    const row = await insertHistoryRow(db(), {
      userId: ada.id,
      status: "cancelled",
      finishReason: "aborted",
      responseText: "Sure:\n\n```python\nfor i in range(3):\n    print(i",
    });
    testApp.app.codeChecks.enqueue(row.id);
    await testApp.app.codeChecks.idle();
    const body: TCodeBlocksResponse = (await codeOf(ada, row.id)).json();
    expect(body.state).toBe("checked");
    expect(body.blocks).toHaveLength(1);
    expect(body.blocks[0]).toMatchObject({
      index: 0,
      language: "python",
      syntax: { valid: false },
    });
  });

  it("answers checked with no blocks for an answer without code and for a failed one", async () => {
    const prose = await insertHistoryRow(db(), { userId: ada.id, responseText: "No code here." });
    const failed = await insertHistoryRow(db(), {
      userId: ada.id,
      status: "failed",
      errorCode: "generation.failed",
      responseText: ANSWER,
    });
    testApp.app.codeChecks.enqueue(prose.id);
    testApp.app.codeChecks.enqueue(failed.id);
    await testApp.app.codeChecks.idle();
    expect((await codeOf(ada, prose.id)).json()).toEqual({ state: "checked", blocks: [] });
    expect((await codeOf(ada, failed.id)).json()).toEqual({ state: "checked", blocks: [] });
    // A failed answer is never checked, so its code is not measured.
    const stored = await db()
      .select()
      .from(codeBlocks)
      .where(eq(codeBlocks.generationId, failed.id));
    expect(stored).toEqual([]);
  });

  it("answers 404 for another user's answer, as for one that does not exist", async () => {
    const row = await insertHistoryRow(db(), { userId: ada.id, responseText: ANSWER });
    testApp.app.codeChecks.enqueue(row.id);
    await testApp.app.codeChecks.idle();
    const others = await codeOf(grace, row.id);
    expect(others.statusCode).toBe(404);
    expect(others.json().error.code).toBe("history.not_found");
    const missing = await codeOf(ada, "00000000-0000-4000-8000-000000000000");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("history.not_found");
    expect((await codeOf(ada, "not-a-uuid")).statusCode).toBe(400);
    const anonymous = await testApp.app.inject({
      method: "GET",
      url: `/api/history/${row.id}/code`,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("checks a generated answer after it is saved, without changing the stream", async () => {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/api/generate",
      headers: { accept: "application/json", ...ada.headers },
      payload: { model: "remote", prompt: "Add two numbers", maxTokens: 16 },
    });
    expect(response.statusCode).toBe(200);
    const { id, text } = response.json();
    expect(text).toBe(ANSWER);
    await testApp.app.codeChecks.idle();
    expect((await codeOf(ada, id)).json()).toEqual({ state: "checked", blocks: EXPECTED_BLOCKS });
  });
});

describe("catching up after a restart", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("checks every finished answer left unchecked, and only those", async () => {
    const first = await buildTestApp({ CODE_AUTO_RUN_LANGUAGES: "none" }, { database });
    const owner = await signUpUser(first.app);
    // 150 unchecked answers (more than one page of the catch-up), written while no check ran.
    const inserted = await database.db
      .insert(generations)
      .values(
        Array.from({ length: 150 }, (_, index) => ({
          userId: owner.id,
          modelId: "deepseek-coder-1.3b-instruct",
          prompt: `Prompt ${index}`,
          responseText: index % 2 === 0 ? "```python\nprint(1)\n```" : "```python\nprint(\n```",
          status: index % 3 === 0 ? "cancelled" : "completed",
          maxTokens: 64,
          createdAt: sql`'2025-05-01 10:00:00+00'::timestamptz + ${index % 7} * interval '1 microsecond'`,
          finishedAt: new Date(),
        })),
      )
      .returning({ id: generations.id });
    const running = await insertHistoryRow(database.db, {
      userId: owner.id,
      status: "running",
      responseText: "```js\nlet a = 1;",
      finishedAt: null,
    });
    const failed = await insertHistoryRow(database.db, {
      userId: owner.id,
      status: "failed",
      responseText: "```js\nlet a = 1;\n```",
    });
    // The server stops before their turn (the database, shared, stays open).
    await first.close();

    const second = await buildTestApp({ CODE_AUTO_RUN_LANGUAGES: "none" }, { database });
    try {
      await second.app.ready();
      await second.app.codeChecks.idle();
      const ids = inserted.map((row) => row.id);
      const checked = await database.db
        .select({ id: generations.id, codeCheckedAt: generations.codeCheckedAt })
        .from(generations)
        .where(inArray(generations.id, [...ids, running.id, failed.id]));
      const checkedIds = checked.filter((row) => row.codeCheckedAt !== null).map((row) => row.id);
      expect(checkedIds.sort()).toEqual([...ids].sort());
      const blocks = await database.db
        .select({ syntaxValid: codeBlocks.syntaxValid })
        .from(codeBlocks)
        .where(inArray(codeBlocks.generationId, ids));
      expect(blocks).toHaveLength(150);
      expect(blocks.filter((block) => block.syntaxValid)).toHaveLength(75);
    } finally {
      await second.close();
    }
  });
});
