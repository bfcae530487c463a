/** The part of a hast node this plugin reads and writes. */
interface HtmlNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HtmlNode[];
}

/**
 * A rehype plugin that numbers the code blocks of an answer in order of appearance (0, 1, …) as
 * `data-code-block` on their `pre`, and keeps the fence's language tag as `data-fence-language`
 * (the highlighter later adds a guessed `language-*` class, so the class is no longer the tag).
 * The numbers are the `index` of `GET /api/history/:id/code`: the server extracts every CommonMark
 * code block with the same parser (micromark) — fenced with or without a tag, in lists and quotes,
 * indented ones, and an unclosed last fence, which runs to the end — and each of them, and
 * nothing else, becomes a `pre` here (raw HTML is text, see remarkHtmlAsText). Runs after
 * rehype-sanitize, so its attributes are the only ones not from the allow-list.
 */
export function rehypeCodeBlockIndex() {
  return (tree: HtmlNode) => {
    let nextIndex = 0;
    // Depth first in document order; a `pre` holds no other block.
    const visit = (node: HtmlNode): void => {
      if (node.type === "element" && node.tagName === "pre") {
        node.properties = {
          ...node.properties,
          dataCodeBlock: nextIndex,
          dataFenceLanguage: fenceLanguage(node) ?? undefined,
        };
        nextIndex += 1;
        return;
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}

/** The `language-*` class that remark gave the `code` inside a `pre`: the fence's tag. */
function fenceLanguage(pre: HtmlNode): string | null {
  const code = pre.children?.find((child) => child.tagName === "code");
  const classNames = code?.properties?.className;
  if (!Array.isArray(classNames)) return null;
  for (const name of classNames) {
    if (typeof name === "string" && name.startsWith("language-")) {
      return name.slice("language-".length);
    }
  }
  return null;
}
