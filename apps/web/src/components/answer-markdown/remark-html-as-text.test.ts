import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import Markdown from "react-markdown";
import { describe, expect, it } from "vitest";
import { remarkHtmlAsText } from "./remark-html-as-text";

const render = (markdown: string) =>
  renderToStaticMarkup(createElement(Markdown, { remarkPlugins: [remarkHtmlAsText] }, markdown));

describe("remarkHtmlAsText", () => {
  it("shows inline and block HTML as escaped text instead of dropping it", () => {
    expect(render("Here: <img src=x onerror=alert(1)> done")).toBe(
      "<p>Here: &lt;img src=x onerror=alert(1)&gt; done</p>",
    );
    expect(render("<script>alert(2)</script>")).toBe(
      "<p>&lt;script&gt;alert(2)&lt;/script&gt;</p>",
    );
  });

  it("leaves code alone", () => {
    expect(render("`<b>` and\n\n```\n<i>x</i>\n```")).toContain("<code>&lt;b&gt;</code>");
  });
});
