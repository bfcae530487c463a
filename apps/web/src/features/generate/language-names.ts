import type { TLanguage } from "@codegenie/shared";

/** Each programming language as people write its name; `auto` lets the model choose. */
export const LANGUAGE_NAMES: Record<TLanguage, string> = {
  auto: "Any (model chooses)",
  python: "Python",
  cpp: "C++",
  javascript: "JavaScript",
  typescript: "TypeScript",
  sql: "SQL",
  java: "Java",
  go: "Go",
  rust: "Rust",
  bash: "Bash",
};
