import type { TLanguage } from "@codegenie/shared";

/** A language other than `auto`. */
export type TNamedLanguage = Exclude<TLanguage, "auto">;

/** How people write each language's name. */
export const LANGUAGE_NAMES: Record<TNamedLanguage, string> = {
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

/** The conventions a good answer in each language follows. */
const LANGUAGE_CONVENTIONS: Record<TNamedLanguage, string> = {
  python: "Follow PEP 8, use type hints, and prefer the standard library.",
  cpp: "Use modern C++ (C++17 or later) and the standard library; no raw new/delete.",
  javascript: "Use modern JavaScript (ES2022: const/let, arrow functions, async/await).",
  typescript: "Use strict TypeScript with explicit types for exported functions; never `any`.",
  sql: "Write standard SQL, say when a statement needs a particular database, and pass values as parameters, never by string concatenation.",
  java: "Use Java 17 or later, idiomatic naming, and the standard library.",
  go: "Write idiomatic, gofmt-formatted Go and handle every returned error.",
  rust: "Write idiomatic, safe Rust (no `unsafe`) and handle errors with `Result`.",
  bash: "Start scripts with `set -euo pipefail` and quote every variable expansion.",
};

const ROLE =
  "You are CodeGenie, an expert programming assistant. Answer with correct, readable, complete code in fenced Markdown code blocks tagged with their language, then a short explanation of how it works.";

/**
 * The system instruction of a generate request: the assistant's role and, for a chosen language,
 * that the code must be in it (with its conventions); `auto` (the default) lets the model pick.
 */
export function generateInstruction(language: TLanguage = "auto"): string {
  if (language === "auto") {
    return `${ROLE} Write the code in the language the user asks for; when they do not say, choose the language that fits the task best and name it.`;
  }
  const name = LANGUAGE_NAMES[language];
  return `${ROLE} Write the code in ${name} (code blocks tagged \`${language}\`), even when the request could be solved in another language. ${LANGUAGE_CONVENTIONS[language]}`;
}

/**
 * The system part of a prompt with the user's project context (custom instructions: conventions,
 * stack) after the instruction; the instruction alone when the user has none.
 */
export function withProjectContext(instruction: string, projectContext: string): string {
  const context = projectContext.trim();
  if (context === "") return instruction;
  return `${instruction}\n\nProject context from the user (follow these conventions and this stack unless the request says otherwise):\n${context}`;
}
