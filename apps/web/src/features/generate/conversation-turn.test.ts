import type { THistoryItem } from "@codegenie/shared";
import { describe, expect, it } from "vitest";
import { INITIAL_GENERATION_STREAM_STATE } from "../../lib/streaming/generation-stream-state";
import { isRatable, turnFromHistory, turnFromStream } from "./conversation-turn";

const ID = "3f1c9a52-3b7e-4f57-9a43-2b8d0c6f5e11";

const row: THistoryItem = {
  id: ID,
  kind: "generate",
  model: "tiny",
  conversationId: "9b2e4c1d-7a3f-4e6b-8c5d-1f2a3b4c5d6e",
  language: "python",
  style: null,
  prompt: "reverse a string",
  answer: "s[::-1]",
  status: "cancelled",
  finishReason: "aborted",
  error: null,
  parameters: { maxTokens: 256, temperature: null, topP: 0.9 },
  promptTokens: 10,
  completionTokens: 3,
  timeToFirstTokenMs: 12,
  durationMs: 80,
  createdAt: "2025-01-01T00:00:00.000Z",
  finishedAt: "2025-01-01T00:00:01.000Z",
  feedback: null,
};

describe("turnFromHistory", () => {
  it("shows a cancelled row as a stopped answer with its stats, and it can be rated", () => {
    const turn = turnFromHistory(row);
    expect(turn).toMatchObject({
      id: ID,
      status: "stopped",
      answer: "s[::-1]",
      stats: { completionTokens: 3, finishReason: "aborted" },
      parameters: { maxTokens: 256, temperature: null },
    });
    expect(isRatable(turn)).toBe(true);
  });

  it("keeps a failure's code when the page knows it, else calls it generation.failed", () => {
    const failed = (code: string) =>
      turnFromHistory({
        ...row,
        status: "failed",
        finishReason: null,
        error: { code, message: "boom" },
      });
    expect(failed("model.remote_failed").error?.code).toBe("model.remote_failed");
    expect(failed("engine.exploded").error?.code).toBe("generation.failed");
    expect(failed("model.remote_failed").stats).toBeNull();
    expect(isRatable(failed("model.remote_failed"))).toBe(false);
  });
});

describe("turnFromStream", () => {
  it("is null before anything was sent; a running answer cannot be rated yet", () => {
    expect(turnFromStream("p", INITIAL_GENERATION_STREAM_STATE, "tiny")).toBeNull();
    const running = turnFromStream(
      "p",
      { ...INITIAL_GENERATION_STREAM_STATE, status: "streaming", generationId: ID, text: "de" },
      "tiny",
    );
    expect(running).toMatchObject({ prompt: "p", answer: "de", status: "streaming" });
    expect(running && isRatable(running)).toBe(false);
  });
});
