import { CHECKED_LANGUAGES, RUNNABLE_LANGUAGES, type TRunnableLanguage } from "@codegenie/shared";

/** Fence tags people and models write, by the language id the server uses. */
const FENCE_ALIASES: Readonly<Record<string, string>> = {
  py: "python",
  python3: "python",
  py3: "python",
  js: "javascript",
  node: "javascript",
  nodejs: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  ts: "typescript",
  "c++": "cpp",
  cc: "cpp",
  cxx: "cpp",
  hpp: "cpp",
  h: "c",
  golang: "go",
  rs: "rust",
  sh: "bash",
  shell: "bash",
  zsh: "bash",
  postgresql: "sql",
  postgres: "sql",
};

/** How languages are named to people; others are shown as their tag. */
const LANGUAGE_LABELS: Readonly<Record<string, string>> = {
  python: "Python",
  javascript: "JavaScript",
  typescript: "TypeScript",
  c: "C",
  cpp: "C++",
  java: "Java",
  go: "Go",
  rust: "Rust",
  bash: "Bash",
  sql: "SQL",
};

/** A fence's language tag as the server's language id (`py` → `python`); null for no tag. */
export function normaliseFenceLanguage(tag: string | null | undefined): string | null {
  const lowered = tag?.trim().toLowerCase();
  if (!lowered) return null;
  return FENCE_ALIASES[lowered] ?? lowered;
}

/** The language's name for people: "Python", "C++", or the id itself when unknown. */
export function languageLabel(language: string): string {
  return LANGUAGE_LABELS[language] ?? language;
}

const RUNNABLE: ReadonlySet<string> = new Set(RUNNABLE_LANGUAGES);

/** Whether the sandbox runs this language (Python and JavaScript). */
export function isRunnableLanguage(language: string | null): language is TRunnableLanguage {
  return language !== null && RUNNABLE.has(language);
}

const CHECKED: ReadonlySet<string> = new Set(CHECKED_LANGUAGES);

/**
 * Whether the server may check a block in this language: a checked language, or none yet (the
 * server guesses untagged blocks). Others (HTML, JSON…) get no badge.
 */
export function mayBeChecked(language: string | null): boolean {
  return language === null || CHECKED.has(language);
}
