import type { Conversation } from "@codegenie/llm";
import { describe, expect, it } from "vitest";
import { estimatePromptTokens, fitToWindow, type MeasurePrompt } from "./prompt-window";

// The real tokenizer is exercised in generation-conversation.model.test.ts; here one token is one
// character, so the arithmetic of fitting is easy to follow.
const measureIn =
  (contextSize: number): MeasurePrompt =>
  async (conversation: Conversation) => ({
    promptTokens:
      (conversation.system ?? "").length +
      conversation.messages.reduce((sum, message) => sum + message.content.length, 0),
    contextSize,
  });

const turns = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    prompt: `q${index}`.padEnd(10, "."),
    answer: "a".repeat(10),
  }));

describe("fitToWindow", () => {
  it("keeps every earlier turn when they fit with the whole answer", async () => {
    const fit = await fitToWindow(
      { system: "sys", earlierTurns: turns(3), prompt: "now", maxTokens: 10, minAnswerTokens: 5 },
      measureIn(1000),
    );
    if (!fit.fits) throw new Error("expected a fit");
    expect(fit.droppedTurns).toBe(0);
    expect(fit.conversation.messages).toHaveLength(7);
    expect(fit.conversation.messages.at(-1)).toEqual({ role: "user", content: "now" });
    expect(fit.promptTokens).toBe(3 + 60 + 3);
    expect(fit.maxTokens).toBe(10);
  });

  it("drops the oldest turns first, never the system part or the prompt", async () => {
    // 6 (system + prompt) + 20 per turn + 10 answer: a window of 60 keeps two turns.
    const fit = await fitToWindow(
      { system: "sys", earlierTurns: turns(5), prompt: "now", maxTokens: 10, minAnswerTokens: 5 },
      measureIn(60),
    );
    if (!fit.fits) throw new Error("expected a fit");
    expect(fit.droppedTurns).toBe(3);
    expect(fit.conversation.system).toBe("sys");
    expect(fit.conversation.messages.map((message) => message.content)).toEqual([
      "q3........",
      "a".repeat(10),
      "q4........",
      "a".repeat(10),
      "now",
    ]);
    expect(fit.promptTokens + fit.maxTokens).toBeLessThanOrEqual(60);
  });

  it("lowers maxTokens to the room left when the prompt alone leaves less than it", async () => {
    const fit = await fitToWindow(
      {
        system: "",
        earlierTurns: turns(2),
        prompt: "p".repeat(80),
        maxTokens: 50,
        minAnswerTokens: 8,
      },
      measureIn(100),
    );
    if (!fit.fits) throw new Error("expected a fit");
    expect(fit.droppedTurns).toBe(2);
    expect(fit.maxTokens).toBe(20);
  });

  it("does not fit when the prompt alone leaves less than the least answer room", async () => {
    const fit = await fitToWindow(
      { system: "ss", earlierTurns: [], prompt: "p".repeat(95), maxTokens: 50, minAnswerTokens: 8 },
      measureIn(100),
    );
    expect(fit).toEqual({ fits: false, promptTokens: 97, limit: 92 });
  });

  it("needs only maxTokens of room when it is below the least answer room", async () => {
    const fit = await fitToWindow(
      { system: "", earlierTurns: [], prompt: "p".repeat(97), maxTokens: 3, minAnswerTokens: 8 },
      measureIn(100),
    );
    expect(fit).toMatchObject({ fits: true, promptTokens: 97, maxTokens: 3 });
  });
});

describe("estimatePromptTokens", () => {
  it("counts about three characters a token plus markup per message", () => {
    const tokens = estimatePromptTokens({
      system: "x".repeat(30),
      messages: [{ role: "user", content: "y".repeat(30) }],
    });
    expect(tokens).toBe(20 + 8 + 3);
  });
});
