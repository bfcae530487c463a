import { describe, expect, it } from "vitest";
import { describeLanguageAndStyle, preview } from "./history-format";

describe("preview", () => {
  it("puts the text on one line", () => {
    expect(preview("def add(a, b):\n    return a + b\n")).toBe("def add(a, b): return a + b");
  });

  it("cuts long text with an ellipsis, within the limit", () => {
    const cut = preview("word ".repeat(100), 20);
    expect(cut).toHaveLength(20);
    expect(cut.endsWith("…")).toBe(true);
  });
});

describe("describeLanguageAndStyle", () => {
  it("names the language and the style", () => {
    expect(describeLanguageAndStyle({ language: "python", style: "step-by-step" })).toBe(
      "Python · Step-by-step",
    );
  });

  it("leaves out what says nothing: auto and a missing style", () => {
    expect(describeLanguageAndStyle({ language: "auto", style: "technical" })).toBe(
      "Technical deep-dive",
    );
    expect(describeLanguageAndStyle({ language: null, style: null })).toBe("");
  });
});
