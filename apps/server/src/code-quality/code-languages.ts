/**
 * Fence tags as models write them, mapped to one name per language. Names not listed here are
 * kept as written (lower-cased): `html`, `json`, `yaml` … are languages, just not checked ones.
 */
const TAG_ALIASES: Readonly<Record<string, string>> = {
  py: "python",
  py3: "python",
  python3: "python",
  js: "javascript",
  node: "javascript",
  nodejs: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  "c++": "cpp",
  cc: "cpp",
  cxx: "cpp",
  hpp: "cpp",
  hxx: "cpp",
  h: "c",
  golang: "go",
  rs: "rust",
  sh: "bash",
  shell: "bash",
  zsh: "bash",
  console: "bash",
  shellscript: "bash",
  postgres: "sql",
  postgresql: "sql",
  psql: "sql",
  pgsql: "sql",
  mysql: "sql",
  sqlite: "sql",
  "c#": "csharp",
  cs: "csharp",
  kt: "kotlin",
  rb: "ruby",
  yml: "yaml",
  md: "markdown",
  txt: "text",
  plaintext: "text",
};

/** The language a block's code is in, and whether it was guessed from the code. */
export interface BlockLanguage {
  /** Normalised (`py` → `python`), or null when there is no tag and no rule fits. */
  language: string | null;
  isLanguageGuessed: boolean;
}

/**
 * The language of a fence tag (the first word of the info string), normalised; without a tag,
 * guessed from the code with {@link guessLanguage}.
 */
export function languageOfBlock(tag: string | null | undefined, code: string): BlockLanguage {
  const normalisedTag = normaliseTag(tag);
  if (normalisedTag !== null) return { language: normalisedTag, isLanguageGuessed: false };
  return { language: guessLanguage(code), isLanguageGuessed: true };
}

/** `py` → `python`, `C++` → `cpp`, `Rust` → `rust`; null for a missing or blank tag. */
export function normaliseTag(tag: string | null | undefined): string | null {
  const lowered = tag?.trim().toLowerCase() ?? "";
  if (lowered === "") return null;
  return TAG_ALIASES[lowered] ?? lowered;
}

/** One guessing rule: the language, what gives it away (for the reader), and its pattern. */
interface GuessRule {
  language: string;
  because: string;
  pattern: RegExp;
}

/**
 * Tried in order; the first match wins. Order matters where a sign is shared: `#include` picks
 * C++ over C only with C++-only signs; Go, Rust and Java come before Python and JavaScript,
 * whose signs (`import x`, `=>`, `const x =`) also appear in them; TypeScript's type
 * annotations come before JavaScript.
 */
const GUESS_RULES: readonly GuessRule[] = [
  { language: "python", because: "python shebang", pattern: /^#!.*\bpython[\d.]*\b/ },
  { language: "javascript", because: "node shebang", pattern: /^#!.*\bnode\b/ },
  { language: "bash", because: "shell shebang", pattern: /^#!.*\b(ba|z|da)?sh\b/ },
  {
    language: "cpp",
    because: "#include with C++ signs",
    pattern: /^\s*#include\s*[<"][\s\S]*(std::|\bcout\b|\bnamespace\b|\btemplate\s*<|\bclass\s)/m,
  },
  {
    language: "cpp",
    because: "C++ standard header",
    pattern: /^\s*#include\s*<(iostream|vector|string|map|memory|algorithm)>/m,
  },
  { language: "c", because: "#include", pattern: /^\s*#include\s*[<"]/m },
  {
    language: "go",
    because: "package main / func",
    pattern: /^package \w+\s*$|^func (\(\w+ \*?\w+\) )?\w+\(/m,
  },
  {
    language: "rust",
    because: "fn main / let mut / println!",
    pattern: /\bfn main\s*\(|\blet mut\b|\bprintln!\(|^\s*(pub )?fn \w+\([^)]*\)\s*->/m,
  },
  {
    language: "java",
    because: "public class / System.out",
    pattern: /\bpublic (final )?class \w+|\bpublic static void main\s*\(|\bSystem\.out\.print/,
  },
  {
    language: "sql",
    because: "starts with an SQL statement",
    pattern:
      /^\s*(SELECT\s[\s\S]*\bFROM\b|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TABLE|INDEX|UNIQUE\s+INDEX|VIEW)\b|ALTER\s+TABLE\b|DROP\s+TABLE\b|WITH\s+\w+\s+AS\s*\()/i,
  },
  {
    language: "python",
    because: "def …: / import x / print( / class …:",
    pattern:
      /^\s*(async\s+)?def \w+\s*\(.*\)\s*(->\s*[^:]+)?:\s*$|^(import [\w.]+(\s+as\s+\w+)?(\s*,\s*[\w.]+)*|from [\w.]+ import [\w*, ()]+)\s*$|^\s*print\(|^\s*class \w+(\([^)]*\))?:\s*$|^if __name__ == /m,
  },
  {
    language: "typescript",
    because: "type annotations / interface",
    pattern:
      /^\s*(export\s+)?(interface \w+(<[^>]*>)?\s*\{|type \w+(<[^>]*>)?\s*=)|\b(const|let|function)\b[^=\n]*:\s*(string|number|boolean|void|unknown|any)\b/m,
  },
  {
    language: "javascript",
    because: "function / const / => / console.log",
    pattern:
      /\bconsole\.log\(|^\s*(const|let|var) [\w{}[\], ]+\s*=|=>|^\s*(async\s+)?function\b|\brequire\(['"]|\bmodule\.exports\b|^\s*export default\b/m,
  },
  {
    language: "bash",
    because: "echo / $ prompt / shell commands",
    pattern:
      /^\s*(\$ |echo\s|sudo\s|apt(-get)?\s|npm\s|npx\s|pip3?\s|cd\s|mkdir\s|curl\s|git\s|export \w+=)/m,
  },
];

/**
 * A guess at the language of untagged code from simple, explainable signs (a shebang,
 * `def …:`, `#include`, `package main`, `fn main`, `public class`, `SELECT … FROM`, `echo` …);
 * null when none fits.
 */
export function guessLanguage(code: string): string | null {
  return GUESS_RULES.find((rule) => rule.pattern.test(code))?.language ?? null;
}
