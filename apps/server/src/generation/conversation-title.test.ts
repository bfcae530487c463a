import { describe, expect, it } from "vitest";
import { CONVERSATION_TITLE_MAX_CHARS, conversationTitle } from "./conversation-title";

describe("conversationTitle", () => {
  it("is the first non-blank line, white space collapsed", () => {
    expect(conversationTitle("\n\n  Write   a\tparser  \nin Rust please")).toBe("Write a parser");
  });

  it("cuts a long line at a word with an ellipsis", () => {
    const title = conversationTitle(`Write ${"a very long request ".repeat(10)}`);
    expect(title.length).toBeLessThanOrEqual(CONVERSATION_TITLE_MAX_CHARS);
    expect(title).toBe(
      "Write a very long request a very long request a very long request a very long…",
    );
  });

  it("cuts a long word-less line at the limit", () => {
    const title = conversationTitle("x".repeat(200));
    expect(title).toBe(`${"x".repeat(CONVERSATION_TITLE_MAX_CHARS - 1)}…`);
  });
});
