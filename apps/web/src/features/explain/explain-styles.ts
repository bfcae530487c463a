import { EXPLAIN_STYLES, type TExplainStyle } from "@codegenie/shared";

/** What people see of an explanation style: its name and one line on what it gives. */
export interface ExplainStyleInfo {
  label: string;
  description: string;
}

/** The three styles, named as people know them. */
export const EXPLAIN_STYLE_INFO: Record<TExplainStyle, ExplainStyleInfo> = {
  beginner: {
    label: "Beginner-friendly",
    description: "Plain words and analogies; every term explained.",
  },
  technical: {
    label: "Technical deep-dive",
    description: "Complexity, memory, concurrency, edge cases and design.",
  },
  "step-by-step": {
    label: "Step-by-step",
    description: "A numbered walk through the order the code runs in.",
  },
};

/** The styles in the contract's order, with their labels. */
export const EXPLAIN_STYLE_OPTIONS = EXPLAIN_STYLES.map((style) => ({
  value: style,
  ...EXPLAIN_STYLE_INFO[style],
}));
