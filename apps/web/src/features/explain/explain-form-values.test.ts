import { describe, expect, it } from "vitest";
import { EMPTY_EXPLAIN_FORM, toExplainRequest } from "./explain-form-values";

const filled = { ...EMPTY_EXPLAIN_FORM, model: "tiny", code: "print(1)\n" };

describe("toExplainRequest", () => {
  it("sends the code as written, with its style and language", () => {
    expect(toExplainRequest({ ...filled, style: "step-by-step", language: "python" })).toEqual({
      request: { model: "tiny", code: "print(1)\n", style: "step-by-step", language: "python" },
    });
  });

  it("leaves empty sampling settings to the server and sends the filled ones as numbers", () => {
    const result = toExplainRequest({ ...filled, maxTokens: 4000, temperature: "" });
    expect(result).toEqual({
      request: {
        model: "tiny",
        code: "print(1)\n",
        style: "beginner",
        language: "auto",
        maxTokens: 4000,
      },
    });
  });

  it("says which fields are wrong, in words for the form", () => {
    const result = toExplainRequest({ ...EMPTY_EXPLAIN_FORM, code: "  \n", maxTokens: 0, topP: 0 });
    expect(result).toEqual({
      errors: {
        model: "Pick a model.",
        code: "Paste the code to explain.",
        maxTokens: "Use a whole number of at least 1.",
        topP: "Use a number above 0 and at most 1.",
      },
    });
  });
});
