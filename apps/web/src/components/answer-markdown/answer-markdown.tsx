import { ActionIcon, CopyButton, Tooltip, Typography } from "@mantine/core";
import { type ComponentProps, isValidElement, type ReactNode } from "react";
import Markdown, { type Components, type ExtraProps } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { CodeBlockTools } from "../../features/code/code-block-tools";
import { CodeChecksProvider } from "../../features/code/code-checks-context";
import "./answer-markdown.css";
import { rehypeCodeBlockIndex } from "./rehype-code-block-index";
import { remarkHtmlAsText } from "./remark-html-as-text";

/** Props of {@link AnswerMarkdown}. */
export interface AnswerMarkdownProps {
  /** Markdown as the model wrote it; may be partial while streaming. */
  text: string;
  /**
   * The answer's history row, once the server has named it: its code blocks' checks are fetched
   * from `GET /api/history/:id/code` when the answer is finished.
   */
  queryId?: string | null;
  /**
   * The answer is complete (finished or stopped; default false): each code block shows its
   * check badges, and Python and JavaScript blocks a Run button. Not while it streams.
   */
  isFinished?: boolean;
}

/**
 * A model's answer as Markdown, safely: raw HTML in the answer is shown as text (remarkHtmlAsText;
 * react-markdown alone would drop it), the HTML tree is sanitised to GitHub's allow-list (no `javascript:` links,
 * no event handlers), then code blocks are highlighted. Images are not loaded (an answer must not
 * make the browser fetch what a model named): their text is shown instead. Each code block has a
 * copy button; once the answer is finished, its syntax check and, for Python and JavaScript, a
 * Run button (see CodeBlockTools).
 */
export function AnswerMarkdown({ text, queryId = null, isFinished = false }: AnswerMarkdownProps) {
  return (
    <CodeChecksProvider historyId={queryId} isFinished={isFinished}>
      <Typography className="answer-markdown">
        <Markdown
          remarkPlugins={[remarkGfm, remarkHtmlAsText]}
          // Sanitise first, then number the fenced blocks (from source positions, which the
          // sanitiser keeps), then highlight: the highlighter only adds class names to code.
          rehypePlugins={[
            rehypeSanitize,
            rehypeCodeBlockIndex,
            [rehypeHighlight, { detect: true }],
          ]}
          components={components}
        >
          {text}
        </Markdown>
      </Typography>
    </CodeChecksProvider>
  );
}

const components: Components = {
  pre: CodeBlock,
  a: ({ node: _node, href, children, ...rest }) => (
    <a {...rest} href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  img: ({ alt, src }) => (
    <span className="answer-markdown-image">
      [image{alt ? `: ${alt}` : ""}
      {src ? ` (${src})` : ""}]
    </span>
  ),
};

/**
 * A code block with a copy button (copies the code as written, without highlighting) and, for
 * fenced blocks, the tools under it (check badges, Run).
 */
function CodeBlock({ node, children, ...rest }: ComponentProps<"pre"> & ExtraProps) {
  const code = textOf(children).replace(/\n$/, "");
  const index = node?.properties.dataCodeBlock;
  const fenceLanguage = node?.properties.dataFenceLanguage;
  const codeWithCopy = (
    <div className="answer-markdown-code">
      <CopyButton value={code} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? "Copied" : "Copy code"} withArrow position="left">
            <ActionIcon
              className="answer-markdown-copy"
              variant="default"
              size="sm"
              aria-label={copied ? "Copied" : "Copy code"}
              onClick={copy}
            >
              {copied ? "✓" : <CopyIcon />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
      <pre {...rest}>{children}</pre>
    </div>
  );
  if (typeof index !== "number") return codeWithCopy;
  return (
    <>
      {codeWithCopy}
      <CodeBlockTools
        index={index}
        fenceLanguage={typeof fenceLanguage === "string" ? fenceLanguage : null}
        code={code}
      />
    </>
  );
}

/** Two overlapping sheets, drawn rather than a font glyph that some systems lack. */
function CopyIcon() {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <rect x="9" y="9" width="12" height="12" rx="2" />
      <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
    </svg>
  );
}

/** The plain text of rendered children (the highlighter wraps tokens in spans). */
function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return "";
}
