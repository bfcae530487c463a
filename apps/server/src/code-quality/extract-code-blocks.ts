import type { Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { languageOfBlock } from "./code-languages";

/** One code block of an answer, as the page shows it. */
export interface ExtractedBlock {
  /** Order in the answer, from 0. */
  index: number;
  /** Normalised language (see `languageOfBlock`), or null when unknown. */
  language: string | null;
  isLanguageGuessed: boolean;
  /** The fence's tag as written (`tsx`, `Python`), or null; picks the TSX grammar for `tsx`. */
  tag: string | null;
  /** The code, without the fences or the indentation of a list item. */
  code: string;
}

/**
 * Every code block of a Markdown answer, in order: fenced with backticks or tildes (any length ≥
 * 3, with or without an info string, inside lists and quotes too) and indented ones, exactly the
 * blocks the web app renders (react-markdown parses with the same CommonMark parser, micromark),
 * so `index` is the n-th code block on the page. An unclosed fence — an answer stopped midway —
 * runs to the end of the text, as CommonMark says.
 */
export function extractCodeBlocks(markdown: string): ExtractedBlock[] {
  const blocks: ExtractedBlock[] = [];
  visit(fromMarkdown(markdown), (node) => {
    if (node.type !== "code") return;
    const tag = node.lang ?? null;
    blocks.push({
      index: blocks.length,
      tag,
      code: node.value,
      ...languageOfBlock(tag, node.value),
    });
  });
  return blocks;
}

/**
 * Calls `onNode` for every node in document order (depth first), with a stack rather than
 * recursion: a model can nest quotes or lists deeper than the call stack.
 */
function visit(root: Nodes, onNode: (node: Nodes) => void): void {
  const stack: Nodes[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    onNode(node);
    if ("children" in node) {
      for (let index = node.children.length - 1; index >= 0; index -= 1) {
        const child = node.children[index];
        if (child) stack.push(child);
      }
    }
  }
}
