/** The part of an mdast node this plugin reads and writes. */
interface MarkdownNode {
  type: string;
  value?: string;
  children?: MarkdownNode[];
}

/** Containers whose `html` children are blocks (flow content), so they become paragraphs. */
const FLOW_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition"]);

/**
 * A remark plugin that turns raw HTML in the Markdown into plain text, so `<img src=x
 * onerror=…>` in an answer is shown as written instead of silently vanishing (react-markdown
 * drops HTML it does not render). Nothing becomes markup: the text is escaped like any other.
 */
export function remarkHtmlAsText() {
  return (tree: MarkdownNode) => {
    replaceHtml(tree);
  };
}

function replaceHtml(parent: MarkdownNode): void {
  const children = parent.children;
  if (!children) return;
  const isFlow = FLOW_PARENTS.has(parent.type);
  for (const [index, child] of children.entries()) {
    if (child.type === "html") {
      const text: MarkdownNode = { type: "text", value: child.value ?? "" };
      children[index] = isFlow ? { type: "paragraph", children: [text] } : text;
    } else {
      replaceHtml(child);
    }
  }
}
