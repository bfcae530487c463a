import { describe, expect, it } from "vitest";
import { EMPTY_GENERATE_FORM, toGenerateRequest } from "./generate-form-values";

const CONVERSATION_ID = "9b2e4c1d-7a3f-4e6b-8c5d-1f2a3b4c5d6e";

describe("toGenerateRequest", () => {
  it("builds the request with the language and the conversation to continue", () => {
    const values = {
      ...EMPTY_GENERATE_FORM,
      model: "tiny",
      prompt: "sum a list",
      language: "go" as const,
    };
    expect(toGenerateRequest({ ...values, maxTokens: 64 }, CONVERSATION_ID)).toEqual({
      request: {
        model: "tiny",
        prompt: "sum a list",
        language: "go",
        conversationId: CONVERSATION_ID,
        maxTokens: 64,
      },
    });
    const fresh = toGenerateRequest({ ...values, language: "auto" });
    expect(fresh).toEqual({ request: { model: "tiny", prompt: "sum a list", language: "auto" } });
  });

  it("names each bad field in words for the form", () => {
    const result = toGenerateRequest({ ...EMPTY_GENERATE_FORM, prompt: "  ", temperature: 3 });
    expect(result).toEqual({
      errors: {
        model: "Pick a model.",
        prompt: "Describe the code you want.",
        temperature: "Use a number from 0 to 2.",
      },
    });
  });
});
