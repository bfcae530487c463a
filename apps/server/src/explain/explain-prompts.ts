import type { TExplainStyle, TLanguage } from "@codegenie/shared";
import { LANGUAGE_NAMES } from "../generation/generate-instructions";

/** What the model is asked for one explanation: its instruction and the user's message. */
export interface ExplainPrompt {
  /** The system instruction: the role and the style's rules. */
  system: string;
  /** The user's message: the request and the code, fenced. */
  message: string;
}

const ROLE =
  "You are CodeGenie, an expert programmer who explains code clearly and accurately. Explain only the code you are given; do not rewrite it unless the explanation needs a small example.";

/** Each style's rules: what makes its explanations different from the others'. */
const STYLE_TEMPLATES: Record<TExplainStyle, { title: string; rules: string }> = {
  beginner: {
    title: "a beginner-friendly explanation",
    rules: [
      "Write for someone who is new to programming.",
      "Use plain, everyday words and short sentences.",
      "Explain the main idea with an analogy from everyday life.",
      "Do not leave jargon unexplained: whenever a technical term is needed, explain it in simple words the first time it appears.",
      "Say what the code is for before how it works, and end with a one-sentence summary.",
    ].join(" "),
  },
  technical: {
    title: "a technical deep-dive",
    rules: [
      "Write for an experienced engineer.",
      "Cover, each under its own heading:",
      "time complexity and space complexity in Big-O notation, with the reasoning;",
      "memory (allocations, copies, what stays alive and for how long);",
      "concurrency (shared state, thread safety, races, blocking calls);",
      "edge cases and failure modes (empty, huge or invalid input, overflow, errors);",
      "design (structure, trade-offs, and concrete improvements).",
    ].join(" "),
  },
  "step-by-step": {
    title: "a step-by-step guide",
    rules: [
      "Walk through the code in the order it executes, as a numbered list (1., 2., 3., …).",
      "Give one step per statement or small group of statements.",
      "At each step, show the state: the values of the variables that change and anything returned or printed.",
      "Choose a small example input, say which, and follow loops iteration by iteration and branches as they are taken.",
      "End with the final result.",
    ].join(" "),
  },
};

/**
 * The prompt of an explain request in `style`, with the code fenced (the fence is longer than any
 * backtick run in the code, so the code cannot close it) and tagged with its language.
 */
export function explainPrompt(
  style: TExplainStyle,
  code: string,
  language?: TLanguage,
): ExplainPrompt {
  const template = STYLE_TEMPLATES[style];
  const isKnown = language !== undefined && language !== "auto";
  const subject = isKnown ? `this ${LANGUAGE_NAMES[language]} code` : "this code";
  const fence = "`".repeat(Math.max(3, longestBacktickRun(code) + 1));
  const tag = isKnown ? language : "";
  return {
    system: `${ROLE} Give ${template.title}. ${template.rules}`,
    message: `Explain ${subject} (${template.title}):\n\n${fence}${tag}\n${code}\n${fence}`,
  };
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}
