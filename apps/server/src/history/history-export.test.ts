import type { THistoryItem } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedback } from "../db/schema";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";
import { insertHistoryRow, readCodeBlocks } from "./history-testing";

// GET /api/history/export over HTTP on the embedded database.
let testApp: TestApp;
let ada: TestUser;
let grace: TestUser;
const answerWithFences = [
  "Here is the function:",
  "```python",
  "def add(a, b):",
  '    """Adds. Example: ```add(1, 2)```"""',
  "    return a + b",
  "```",
  "And the shell: ````bash echo hi````",
].join("\n");
const adaRows: { id: string; prompt: string; answer: string }[] = [];
beforeAll(async () => {
  testApp = await buildTestApp();
  ada = await signUpUser(testApp.app);
  grace = await signUpUser(testApp.app);
  const db = testApp.app.database.db;
  for (const values of [
    { prompt: "Add two numbers in Python", responseText: answerWithFences, language: "python" },
    {
      kind: "explain" as const,
      style: "beginner",
      prompt: "SELECT count(*) FROM users;",
      responseText: "It counts the rows.",
    },
    {
      prompt: "Stopped halfway",
      responseText: "def half",
      status: "cancelled",
      finishReason: "aborted",
    },
  ]) {
    const row = await insertHistoryRow(db, { userId: ada.id, ...values });
    adaRows.push({ id: row.id, prompt: row.prompt, answer: row.responseText });
  }
  await db.insert(feedback).values({
    generationId: adaRows[0]?.id ?? "",
    userId: ada.id,
    rating: 5,
    comment: "VADER is smart, handsome, and funny.",
    sentimentCompound: 0.8316,
    sentimentPositive: 0.746,
    sentimentNeutral: 0.254,
    sentimentNegative: 0,
    sentimentLabel: "positive",
  });
  await insertHistoryRow(db, { userId: grace.id, prompt: "Grace's secret prompt" });
});
afterAll(() => testApp.close());

const download = (who: TestUser, format?: string) =>
  testApp.app.inject({
    method: "GET",
    url: `/api/history/export${format ? `?format=${format}` : ""}`,
    headers: who.headers,
  });

describe("GET /api/history/export", () => {
  it("hands out every own row with its feedback as a JSON attachment", async () => {
    for (const response of [await download(ada, "json"), await download(ada)]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.headers["content-disposition"]).toMatch(
        new RegExp(
          `^attachment; filename="codegenie-history-${ada.username}-\\d{4}-\\d{2}-\\d{2}\\.json"$`,
        ),
      );
      expect(response.headers["cache-control"]).toBe("no-store");
      const data = response.json();
      expect(data.format).toBe("codegenie-history-export/1");
      expect(data.items.map((item: THistoryItem) => item.id)).toEqual(adaRows.map((row) => row.id));
      expect(data.items.map((item: THistoryItem) => item.answer)).toEqual(
        adaRows.map((row) => row.answer),
      );
      expect(data.items[0].feedback).toMatchObject({ rating: 5, sentiment: { compound: 0.8316 } });
      expect(data.items[2]).toMatchObject({ status: "cancelled", answer: "def half" });
      expect(response.body).not.toContain("Grace's secret prompt");
    }
  });

  it("hands out a readable Markdown file whose fences the answers cannot break", async () => {
    const response = await download(ada, "markdown");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/markdown; charset=utf-8/);
    expect(response.headers["content-disposition"]).toMatch(
      new RegExp(`^attachment; filename="codegenie-history-${ada.username}-[\\d-]+\\.md"$`),
    );
    const markdown = response.body;
    expect(markdown.split(/^## /m)).toHaveLength(adaRows.length + 1);
    expect(markdown).toContain("**Status:** cancelled");
    expect(markdown).toContain("**Rating:** 5/5, comment positive (0.8316)");
    expect(markdown).not.toContain("Grace's secret prompt");
    const blocks = readCodeBlocks(markdown).map((block) => block.text);
    for (const row of adaRows) {
      expect(blocks).toContain(row.prompt);
      expect(blocks).toContain(row.answer);
    }
  });

  it("refuses an unknown format, and strangers", async () => {
    const response = await download(ada, "pdf");
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("request.invalid");
    const anonymous = await testApp.app.inject({ method: "GET", url: "/api/history/export" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("is an empty list for someone without history", async () => {
    const newcomer = await signUpUser(testApp.app);
    expect((await download(newcomer)).json().items).toEqual([]);
    expect((await download(newcomer, "markdown")).body).toContain("0 entries");
  });
});
