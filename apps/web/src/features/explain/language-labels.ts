import { LANGUAGES, type TLanguage } from "@codegenie/shared";

/** How each language is named to people. */
export const LANGUAGE_LABELS: Record<TLanguage, string> = {
  auto: "Detect automatically",
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

/** The options of a language picker, in the contract's order. */
export const LANGUAGE_OPTIONS = LANGUAGES.map((language) => ({
  value: language,
  label: LANGUAGE_LABELS[language],
}));
