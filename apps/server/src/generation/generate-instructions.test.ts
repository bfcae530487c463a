import { formatPrompt, promptText } from "@codegenie/llm";
import { LANGUAGES } from "@codegenie/shared";
import { describe, expect, it } from "vitest";
import { generateInstruction, LANGUAGE_NAMES, withProjectContext } from "./generate-instructions";

describe("generateInstruction", () => {
  it.each(LANGUAGES.filter((language) => language !== "auto"))(
    "asks for code in %s, tagged and with its conventions",
    (language) => {
      const instruction = generateInstruction(language);
      expect(instruction).toContain(`Write the code in ${LANGUAGE_NAMES[language]}`);
      expect(instruction).toContain(`tagged \`${language}\``);
      expect(instruction).toContain("fenced Markdown code blocks");
    },
  );

  it("gives each language its own conventions", () => {
    expect(generateInstruction("python")).toContain("PEP 8");
    expect(generateInstruction("bash")).toContain("set -euo pipefail");
    expect(generateInstruction("sql")).toContain("parameters");
    expect(generateInstruction("rust")).toContain("Result");
    expect(generateInstruction("go")).toContain("error");
  });

  it("lets the model choose with auto, the default", () => {
    expect(generateInstruction()).toBe(generateInstruction("auto"));
    expect(generateInstruction("auto")).toContain("choose the language that fits the task best");
    expect(generateInstruction("auto")).not.toContain("Write the code in Python");
  });
});

describe("withProjectContext", () => {
  it("puts the user's project context after the instruction", () => {
    const system = withProjectContext("Be helpful.", "  We use FastAPI and Poetry.\n");
    expect(system.startsWith("Be helpful.\n\nProject context")).toBe(true);
    expect(system.endsWith("We use FastAPI and Poetry.")).toBe(true);
  });

  it("leaves the instruction alone without a project context", () => {
    expect(withProjectContext("Be helpful.", "")).toBe("Be helpful.");
    expect(withProjectContext("Be helpful.", "  \n ")).toBe("Be helpful.");
  });

  it("reaches the system part of the prompt, before the user's message", () => {
    const system = withProjectContext(generateInstruction("python"), "Tabs, never spaces.");
    const prompt = promptText(
      formatPrompt("deepseek-coder", { system, messages: [{ role: "user", content: "Sort" }] }),
    );
    expect(prompt.indexOf("Tabs, never spaces.")).toBeGreaterThan(prompt.indexOf("Python"));
    expect(prompt.indexOf("Tabs, never spaces.")).toBeLessThan(prompt.indexOf("### Instruction:"));
  });
});
