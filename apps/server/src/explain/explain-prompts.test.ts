import { EXPLAIN_STYLES } from "@codegenie/shared";
import { describe, expect, it } from "vitest";
import { explainPrompt } from "./explain-prompts";

const code = "def add(a, b):\n    return a + b";

describe("explainPrompt", () => {
  it("asks a beginner explanation in plain words, with an analogy and no unexplained jargon", () => {
    const { system } = explainPrompt("beginner", code, "python");
    expect(system).toContain("plain, everyday words");
    expect(system).toContain("analogy");
    expect(system).toContain("Do not leave jargon unexplained");
  });

  it("asks a technical deep-dive for complexity, memory, concurrency, edge cases and design", () => {
    const { system } = explainPrompt("technical", code, "python");
    for (const topic of [
      "time complexity",
      "space complexity",
      "memory",
      "concurrency",
      "edge cases",
      "design",
    ]) {
      expect(system).toContain(topic);
    }
  });

  it("asks a step-by-step guide as a numbered walk in execution order with the state", () => {
    const { system } = explainPrompt("step-by-step", code, "python");
    expect(system).toContain("in the order it executes");
    expect(system).toContain("numbered list");
    expect(system).toContain("show the state");
  });

  it.each(EXPLAIN_STYLES)("puts the code and its language in the %s prompt", (style) => {
    const { message } = explainPrompt(style, code, "python");
    expect(message).toContain("this Python code");
    expect(message).toContain(`\`\`\`python\n${code}\n\`\`\``);
  });

  it("gives every style its own instruction", () => {
    const systems = EXPLAIN_STYLES.map((style) => explainPrompt(style, code).system);
    expect(new Set(systems).size).toBe(EXPLAIN_STYLES.length);
  });

  it("leaves the language out for auto and fences code that contains a fence", () => {
    const tricky = "x = '```'\n```\nprint(x)";
    const { message } = explainPrompt("beginner", tricky, "auto");
    expect(message).toContain("Explain this code");
    expect(message).toContain(`\`\`\`\`\n${tricky}\n\`\`\`\``);
  });
});
