import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import Markdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { rehypeCodeBlockIndex } from "./rehype-code-block-index";
import { remarkHtmlAsText } from "./remark-html-as-text";

/** The markup of `markdown` through the plugins AnswerMarkdown uses, in its order. */
const render = (markdown: string) =>
  renderToStaticMarkup(
    createElement(
      Markdown,
      {
        remarkPlugins: [remarkGfm, remarkHtmlAsText],
        rehypePlugins: [rehypeSanitize, rehypeCodeBlockIndex],
      },
      markdown,
    ),
  );

/** Each numbered block as "index:fence language". */
const numbered = (markdown: string) =>
  [...render(markdown).matchAll(/<pre([^>]*)>/g)].map(([, attributes = ""]) => {
    const index = /data-code-block="(\d+)"/.exec(attributes)?.[1] ?? "-";
    const language = /data-fence-language="([^"]*)"/.exec(attributes)?.[1] ?? "";
    return `${index}:${language}`;
  });

describe("rehypeCodeBlockIndex", () => {
  it("numbers fenced blocks in order, with their tags, tilde fences and untagged ones too", () => {
    const markdown = [
      "Intro",
      "```python",
      "print(1)",
      "```",
      "Then:",
      "~~~js",
      "console.log(2)",
      "~~~",
      "```",
      "SELECT 1;",
      "```",
    ].join("\n");
    expect(numbered(markdown)).toEqual(["0:python", "1:js", "2:"]);
  });

  it("numbers fences inside lists and quotes, and an unclosed last fence", () => {
    const markdown = [
      "1. First",
      "",
      "   ```bash",
      "   ls",
      "   ```",
      "",
      "> ```go",
      "> package main",
      "> ```",
      "",
      "```python",
      "while True:",
      "    pass",
    ].join("\n");
    expect(numbered(markdown)).toEqual(["0:bash", "1:go", "2:python"]);
  });

  it("numbers indented code blocks too, as the server extracts them", () => {
    const markdown = ["Indented:", "", "    x = 1", "", "```c", "int x;", "```"].join("\n");
    expect(numbered(markdown)).toEqual(["0:", "1:c"]);
  });

  it("counts only code blocks: raw HTML <pre> in an answer is text, its attributes too", () => {
    const html = render('<pre data-code-block="7">x</pre>\n\n```js\n1\n```');
    expect(html).toContain("&lt;pre data-code-block=&quot;7&quot;&gt;");
    expect(numbered('<pre data-code-block="7">x</pre>\n\n```js\n1\n```')).toEqual(["0:js"]);
  });
});
