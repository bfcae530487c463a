import type { THistoryItem } from "@codegenie/shared";
import { describe, expect, it } from "vitest";
import { fenced, fenceFor, historyToMarkdown } from "./history-markdown";
import { readCodeBlocks } from "./history-testing";

const item = (overrides: Partial<THistoryItem>): THistoryItem => ({
  id: "0b5f3c1e-8a2d-4f61-9c3e-7d2a1b0c9e8f",
  kind: "generate",
  model: "deepseek-coder-1.3b-instruct",
  conversationId: null,
  language: null,
  style: null,
  prompt: "FizzBuzz in Python",
  answer: "Here it is.",
  status: "completed",
  finishReason: "stop",
  error: null,
  parameters: { maxTokens: 256, temperature: 0.2, topP: 0.95 },
  promptTokens: 10,
  completionTokens: 20,
  timeToFirstTokenMs: 30,
  durationMs: 400,
  createdAt: "2025-03-01T10:00:00.000Z",
  finishedAt: "2025-03-01T10:00:01.000Z",
  feedback: null,
  ...overrides,
});

describe("fenceFor", () => {
  it("is three backticks, or one longer than the longest run inside", () => {
    expect(fenceFor("no backticks")).toBe("```");
    expect(fenceFor("`inline` and ``double``")).toBe("```");
    expect(fenceFor("```js\nx\n```")).toBe("````");
    expect(fenceFor("`````")).toBe("``````");
  });
});

describe("fenced", () => {
  it("keeps text with fences of its own whole inside one block", () => {
    const answer = "Use this:\n```python\nprint('hi')\n```\n  ````\nand `that`.";
    expect(readCodeBlocks(fenced(answer, "markdown"))).toEqual([
      { info: "markdown", text: answer },
    ]);
  });
});

describe("historyToMarkdown", () => {
  it("writes one section per row with kind, model, date, status, prompt and answer", () => {
    const markdown = historyToMarkdown(
      [
        item({ prompt: "Sort a list", answer: "```python\nsorted(xs)\n```" }),
        item({
          kind: "explain",
          style: "step-by-step",
          language: "sql",
          prompt: "SELECT 1;",
          answer: "",
          status: "failed",
          error: { code: "generation.failed", message: "The model failed\nbadly." },
          feedback: {
            id: "1c6a5d2e-3b4f-4a7c-8d9e-0f1a2b3c4d5e",
            queryId: "0b5f3c1e-8a2d-4f61-9c3e-7d2a1b0c9e8f",
            rating: 2,
            comment: "Today SUX!",
            sentiment: {
              compound: -0.5461,
              positive: 0,
              neutral: 0.221,
              negative: 0.779,
              label: "negative",
            },
            createdAt: "2025-03-01T10:00:02.000Z",
            updatedAt: "2025-03-01T10:00:02.000Z",
          },
        }),
      ],
      { username: "ada", exportedAt: "2025-03-02T00:00:00.000Z" },
    );
    expect(markdown).toContain("# CodeGenie history of ada");
    expect(markdown).toContain("2 entries");
    const sections = markdown.split(/^## /m).slice(1);
    expect(sections).toHaveLength(2);
    expect(sections[0]).toContain("**Kind:** generate");
    expect(sections[0]).toContain("**Model:** deepseek-coder-1.3b-instruct");
    expect(sections[0]).toContain("**Date:** 2025-03-01T10:00:00.000Z");
    expect(sections[0]).toContain("**Status:** completed");
    expect(sections[1]).toContain("**Kind:** explain");
    expect(sections[1]).toContain("**Style:** step-by-step");
    expect(sections[1]).toContain(
      "**Status:** failed (generation.failed: The model failed badly.)",
    );
    expect(sections[1]).toContain("**Rating:** 2/5, comment negative (-0.5461)");
    expect(sections[1]).toContain("_(no answer)_");
    expect(readCodeBlocks(markdown)).toEqual([
      { info: "text", text: "Sort a list" },
      { info: "markdown", text: "```python\nsorted(xs)\n```" },
      { info: "sql", text: "SELECT 1;" },
      { info: "text", text: "Today SUX!" },
    ]);
  });
});
