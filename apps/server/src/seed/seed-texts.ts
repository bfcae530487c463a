// The small templates the seeded prompts, answers and comments are drawn from.
import type { SeedRandom } from "./seed-random";

/** Languages of seeded code, with a short snippet each (what a user pastes, what a model writes). */
export const SNIPPETS: Readonly<Record<string, readonly string[]>> = {
  python: [
    "def fizzbuzz(n):\n    for i in range(1, n + 1):\n        print('FizzBuzz' if i % 15 == 0 else i)\n\nfizzbuzz(15)",
    "from collections import Counter\n\nwords = 'the cat and the hat'.split()\nprint(Counter(words).most_common(2))",
    "def is_prime(n):\n    return n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1))\n\nprint([n for n in range(20) if is_prime(n)])",
  ],
  javascript: [
    "const debounce = (fn, ms) => {\n  let timer;\n  return (...args) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), ms);\n  };\n};\nconsole.log(typeof debounce(() => 1, 10));",
    "const unique = (items) => [...new Set(items)];\nconsole.log(unique([1, 2, 2, 3]));",
  ],
  typescript: [
    "function groupBy<T, K extends string>(items: T[], key: (item: T) => K): Record<K, T[]> {\n  const groups = {} as Record<K, T[]>;\n  for (const item of items) (groups[key(item)] ??= []).push(item);\n  return groups;\n}",
  ],
  cpp: [
    "#include <iostream>\n#include <vector>\n\nint main() {\n  std::vector<int> v{3, 1, 2};\n  std::sort(v.begin(), v.end());\n  std::cout << v[0] << std::endl;\n}",
  ],
  sql: [
    "SELECT user_id, count(*) AS orders\nFROM orders\nWHERE created_at > now() - interval '30 days'\nGROUP BY user_id\nORDER BY orders DESC\nLIMIT 10;",
  ],
  java: [
    'public class Main {\n  public static void main(String[] args) {\n    System.out.println(String.join(", ", java.util.List.of("a", "b")));\n  }\n}',
  ],
  go: [
    'package main\n\nimport "fmt"\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(i)\n\t}\n}',
  ],
  rust: [
    'fn main() {\n    let total: i32 = (1..=10).filter(|n| n % 2 == 0).sum();\n    println!("{}", total);\n}',
  ],
  bash: ['#!/usr/bin/env bash\nfor file in *.log; do\n  gzip "$file"\ndone'],
};

const TASKS = [
  "parses a CSV file and sums a column",
  "removes duplicates from a list",
  "retries an HTTP request with exponential backoff",
  "validates an email address",
  "reads a JSON config file with defaults",
  "finds the longest common prefix of some strings",
  "paginates the results of a database query",
  "debounces a function",
  "computes a moving average",
  "converts a timestamp to the user's time zone",
  "checks whether a number is prime",
  "merges two sorted arrays",
  "counts word frequencies in a text",
  "walks a directory tree and lists large files",
];

const GENERATE_OPENERS = [
  "Write a {lang} function that",
  "How do I write code that",
  "In {lang}, implement something that",
  "Give me a {lang} snippet that",
];

const EXPLAIN_STYLE_OPENERS: Record<string, string> = {
  beginner: "This code is like a small recipe. Step by step, it",
  technical: "The snippet defines a routine that, in O(n) time,",
  "step-by-step": "1. It sets up its inputs.\n2. It loops over them.\n3. It",
};

const ANSWER_NOTES = [
  "It handles empty input and returns early.",
  "You can adapt the names to your code base.",
  "Add tests for the edge cases before you ship it.",
  "The standard library covers this, so no dependency is needed.",
];

/** A generate prompt in `language` (null = the user let the model choose). */
export function generatePrompt(random: SeedRandom, language: string | null): string {
  const opener = random.pick(GENERATE_OPENERS).replace("{lang}", language ?? "any language");
  return `${opener} ${random.pick(TASKS)}.`;
}

/** Code in `language` (python when unknown). */
export function snippet(random: SeedRandom, language: string): string {
  return random.pick(SNIPPETS[language] ?? SNIPPETS.python ?? []);
}

/** A generate answer; `code` set when it holds a fenced block of that code. */
export function generateAnswer(random: SeedRandom, language: string, code: string | null): string {
  const note = random.pick(ANSWER_NOTES);
  if (code === null) return `There are several ways to do this in ${language}. ${note}`;
  return `Here is a ${language} solution:\n\n\`\`\`${language}\n${code}\n\`\`\`\n\n${note}`;
}

/** An explain answer in `style`; with a fenced (cleaned-up) copy of the code when `code` is set. */
export function explainAnswer(
  random: SeedRandom,
  style: string,
  language: string,
  code: string | null,
): string {
  const opener = EXPLAIN_STYLE_OPENERS[style] ?? EXPLAIN_STYLE_OPENERS.technical;
  const body = `${opener} ${random.pick(TASKS)}. ${random.pick(ANSWER_NOTES)}`;
  if (code === null) return body;
  return `${body}\n\nA tidier version:\n\n\`\`\`${language}\n${code}\n\`\`\``;
}

/** The polarity a comment is written with. */
export type CommentTone = "positive" | "neutral" | "negative";

const COMMENT_OPENERS: Record<CommentTone, readonly string[]> = {
  positive: [
    "Great answer",
    "Works perfectly",
    "Very helpful",
    "Exactly what I needed",
    "Clean and readable code",
    "Nice explanation",
    "Thanks, this is excellent",
  ],
  neutral: [
    "It works",
    "Okay",
    "Partly what I asked for",
    "The answer is long",
    "Used it as a starting point",
    "Fine for now",
  ],
  negative: [
    "Wrong answer",
    "Does not compile",
    "Too verbose and confusing",
    "The code crashes",
    "Not helpful",
    "Bad suggestion",
    "This is broken",
  ],
};

const COMMENT_DETAILS: Record<CommentTone, readonly string[]> = {
  positive: [
    "the code ran on the first try",
    "the explanation was clear",
    "it saved me an hour",
    "good use of types",
    "the example helped a lot",
    "love the tests it suggested",
  ],
  neutral: [
    "I renamed a few variables",
    "the function needs a docstring",
    "I changed the loop",
    "it uses the standard library",
    "the query returns rows in another order",
  ],
  negative: [
    "the function ignores edge cases",
    "it uses a deprecated API",
    "the loop never ends",
    "imports are missing",
    "the SQL query is wrong",
    "it failed with an error",
  ],
};

/** A feedback comment in `tone`: an opener, sometimes with a detail. */
export function comment(random: SeedRandom, tone: CommentTone): string {
  const opener = random.pick(COMMENT_OPENERS[tone]);
  if (random.chance(0.3)) return `${opener}.`;
  return `${opener}, ${random.pick(COMMENT_DETAILS[tone])}.`;
}

const FIRST_NAMES = [
  "ada",
  "alan",
  "grace",
  "linus",
  "margaret",
  "dennis",
  "barbara",
  "ken",
  "frances",
  "guido",
  "radia",
  "bjarne",
  "katherine",
  "john",
  "sophie",
  "yukihiro",
  "anders",
  "hedy",
  "tim",
  "joan",
];
const LAST_NAMES = [
  "lovelace",
  "turing",
  "hopper",
  "torvalds",
  "hamilton",
  "ritchie",
  "liskov",
  "thompson",
  "allen",
  "rossum",
  "perlman",
  "stroustrup",
  "johnson",
  "backus",
  "wilson",
  "matsumoto",
  "hejlsberg",
  "lamarr",
  "berners",
  "clarke",
];

/** A person's user id, display name and email; `number` keeps the user id unique. */
export function person(random: SeedRandom, number: number) {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const username = `${first}.${last}${number}`;
  const capital = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
  return {
    username,
    displayName: `${capital(first)} ${capital(last)}`,
    email: `${username}@example.com`,
  };
}
