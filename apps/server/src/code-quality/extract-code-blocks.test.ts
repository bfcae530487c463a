import { describe, expect, it } from "vitest";
import { guessLanguage, languageOfBlock, normaliseTag } from "./code-languages";
import { extractCodeBlocks } from "./extract-code-blocks";

describe("extractCodeBlocks", () => {
  it("takes every fenced block in order, with its normalised language", () => {
    const answer = [
      "Here is the function:",
      "",
      "```py",
      "def add(a, b):",
      "    return a + b",
      "```",
      "",
      "And a test run:",
      "",
      "~~~~ JS title=check.js",
      "console.log(add(1, 2));",
      "~~~~",
      "",
      "````c++",
      "```",
      "not a closing fence inside a longer one",
      "````",
    ].join("\n");
    expect(extractCodeBlocks(answer)).toEqual([
      {
        index: 0,
        tag: "py",
        language: "python",
        isLanguageGuessed: false,
        code: "def add(a, b):\n    return a + b",
      },
      {
        index: 1,
        tag: "JS",
        language: "javascript",
        isLanguageGuessed: false,
        code: "console.log(add(1, 2));",
      },
      {
        index: 2,
        tag: "c++",
        language: "cpp",
        isLanguageGuessed: false,
        code: "```\nnot a closing fence inside a longer one",
      },
    ]);
  });

  it("guesses the language of an untagged block and says so", () => {
    const [block] = extractCodeBlocks("Try:\n\n```\nimport os\nprint(os.getcwd())\n```\n");
    expect(block).toMatchObject({ language: "python", isLanguageGuessed: true, tag: null });
  });

  it("keeps an unknown tag, lower-cased, without guessing", () => {
    const [block] = extractCodeBlocks('```Haskell\nmain = putStrLn "hi"\n```');
    expect(block).toMatchObject({ language: "haskell", isLanguageGuessed: false });
  });

  it("counts the unclosed last fence of a stopped answer as a block", () => {
    const blocks = extractCodeBlocks(
      "```js\nconst a = 1;\n```\n\nThen:\n\n```python\nfor i in range(",
    );
    expect(blocks).toHaveLength(2);
    expect(blocks[1]).toMatchObject({ index: 1, language: "python", code: "for i in range(" });
  });

  it("finds blocks inside list items and quotes, without their indentation", () => {
    const answer =
      "1. Install:\n\n   ```bash\n   npm install\n   ```\n\n> ```sql\n> SELECT 1;\n> ```\n";
    expect(extractCodeBlocks(answer).map(({ language, code }) => ({ language, code }))).toEqual([
      { language: "bash", code: "npm install" },
      { language: "sql", code: "SELECT 1;" },
    ]);
  });

  it("counts indented code blocks too, as the page renders them", () => {
    const blocks = extractCodeBlocks(
      "Run this:\n\n    echo hello\n\nthen\n\n```go\npackage main\n```",
    );
    expect(blocks.map((block) => [block.index, block.language])).toEqual([
      [0, "bash"],
      [1, "go"],
    ]);
  });

  it("finds nothing in prose, inline code or fewer than three backticks", () => {
    expect(extractCodeBlocks("Use `print()` here.\n\n``\nnot code\n``\n")).toEqual([]);
    expect(extractCodeBlocks("")).toEqual([]);
  });

  it("survives deep nesting without overflowing the stack", () => {
    const blocks = extractCodeBlocks(`${"> ".repeat(5000)}\`\`\`js\nlet a = 1;\n`);
    expect(blocks.length).toBeLessThanOrEqual(1);
  });
});

describe("normaliseTag", () => {
  it.each([
    ["py", "python"],
    ["python3", "python"],
    ["js", "javascript"],
    ["node", "javascript"],
    ["jsx", "javascript"],
    ["mjs", "javascript"],
    ["ts", "typescript"],
    ["tsx", "typescript"],
    ["C++", "cpp"],
    ["cc", "cpp"],
    ["cxx", "cpp"],
    ["hpp", "cpp"],
    ["h", "c"],
    ["golang", "go"],
    ["rs", "rust"],
    ["sh", "bash"],
    ["shell", "bash"],
    ["zsh", "bash"],
    ["console", "bash"],
    ["postgres", "sql"],
    ["PostgreSQL", "sql"],
    ["mysql", "sql"],
    ["Java", "java"],
    ["Kotlin", "kotlin"],
  ])("%s → %s", (tag, language) => {
    expect(normaliseTag(tag)).toBe(language);
  });

  it("has no language for a missing or blank tag", () => {
    expect(normaliseTag(undefined)).toBeNull();
    expect(normaliseTag("  ")).toBeNull();
  });
});

describe("guessLanguage", () => {
  it.each([
    ["#!/usr/bin/env python3\nx = 1", "python"],
    ["#!/usr/bin/env node\nx = 1", "javascript"],
    ["#!/bin/bash\nls", "bash"],
    ["def greet(name):\n    return name", "python"],
    ["import numpy as np\nx = np.zeros(3)", "python"],
    ["from collections import Counter\n", "python"],
    ['print("hello")', "python"],
    ["function add(a, b) {\n  return a + b;\n}", "javascript"],
    ["const total = items.reduce((a, b) => a + b, 0);", "javascript"],
    ['console.log("hi")', "javascript"],
    ["interface User {\n  name: string;\n}", "typescript"],
    ["#include <iostream>\nint main() { std::cout << 1; }", "cpp"],
    ['#include <stdio.h>\nint main(void) { printf("1"); }', "c"],
    ['package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(1) }', "go"],
    ['fn main() {\n    println!("hi");\n}', "rust"],
    ["let mut v = Vec::new();", "rust"],
    ["public class Main {\n  public static void main(String[] a) {}\n}", "java"],
    ["SELECT name FROM users WHERE id = 1;", "sql"],
    ["insert into users (name) values ('a');", "sql"],
    ["CREATE TABLE t (id int);", "sql"],
    ['echo "done"', "bash"],
    ["$ npm install", "bash"],
  ])("%j → %s", (code, language) => {
    expect(guessLanguage(code)).toBe(language);
  });

  it("gives up (null) on text without a sign", () => {
    expect(guessLanguage("Hello world, this is just prose.")).toBeNull();
    expect(guessLanguage('{\n  "name": 1\n}')).toBeNull();
  });

  it("prefers the tag over the guess", () => {
    expect(languageOfBlock("ruby", "def x:\n  pass")).toEqual({
      language: "ruby",
      isLanguageGuessed: false,
    });
  });
});
