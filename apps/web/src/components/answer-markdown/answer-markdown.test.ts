import type { TCodeBlocksResponse } from "@codegenie/shared";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { codeKeys } from "../../features/code/use-code-blocks";
import { AnswerMarkdown, type AnswerMarkdownProps } from "./answer-markdown";

const ANSWER = [
  "Indented first:",
  "",
  "    x = 1",
  "",
  "```python",
  "print(1",
  "```",
  "",
  "```html",
  "<p>hi</p>",
  "```",
  "",
  "```js",
  "console.log(2)",
].join("\n");

/** The answer's markup, with the server's checks (if any) already in the query cache. */
function render(props: Omit<AnswerMarkdownProps, "text">, checks?: TCodeBlocksResponse): string {
  const queryClient = new QueryClient();
  if (checks && props.queryId) queryClient.setQueryData(codeKeys.blocks(props.queryId), checks);
  return renderToStaticMarkup(
    createElement(
      QueryClientProvider,
      { client: queryClient },
      createElement(
        MantineProvider,
        null,
        createElement(AnswerMarkdown, { text: ANSWER, ...props }),
      ),
    ),
  );
}

/** The text of each block's tools line (badges, their details, buttons), in order. */
const toolLines = (html: string) =>
  html
    .split('data-testid="code-block-tools"')
    .slice(1)
    .map((part) => {
      // Up to the next code block's box.
      const tools = part.split('class="answer-markdown-code"')[0] ?? "";
      return [...tools.matchAll(/>([^<>]+)</g)]
        .map(([, text]) => text?.trim())
        .filter(Boolean)
        .join(" | ");
    });

const checked: TCodeBlocksResponse = {
  state: "checked",
  blocks: [
    {
      index: 0,
      language: "python",
      isLanguageGuessed: true,
      syntax: { valid: true, error: null },
      execution: null,
    },
    {
      index: 1,
      language: "python",
      isLanguageGuessed: false,
      syntax: { valid: false, error: { line: 1, column: 8, message: "missing )" } },
      execution: null,
    },
    { index: 2, language: "html", isLanguageGuessed: false, syntax: null, execution: null },
    {
      index: 3,
      language: "javascript",
      isLanguageGuessed: false,
      syntax: { valid: true, error: null },
      execution: { status: "ok", stdout: "2\n", stderr: "", durationMs: 4, truncated: false },
    },
  ],
};

describe("AnswerMarkdown's code tools", () => {
  it("puts each block's checks under it by index, the indented block and unclosed fence included", () => {
    const lines = toolLines(render({ queryId: "row-1", isFinished: true }, checked));
    expect(lines).toEqual([
      "Valid Python | Run",
      "Syntax error at line 1 | Python, line 1, column 8: missing ) | Run",
      "Valid JavaScript | Ran OK in 4 ms | JavaScript ran once in the sandbox after the answer was written, without errors. | Run",
    ]);
    // The HTML block is not checked and cannot run: no tools line at all.
    expect(render({ queryId: "row-1", isFinished: true }, checked)).toContain(
      "Run JavaScript code",
    );
  });

  it("says Checking… while pending, for blocks the server may check, and offers Run by fence tag", () => {
    const lines = toolLines(
      render({ queryId: "row-2", isFinished: true }, { state: "pending", blocks: [] }),
    );
    expect(lines).toEqual(["Checking…", "Checking… | Run", "Checking… | Run"]);
  });

  it("shows no tools while the answer streams", () => {
    const html = render({ queryId: "row-3", isFinished: false }, checked);
    expect(toolLines(html)).toEqual([]);
    expect(html).toContain('data-code-block="3"');
  });
});
