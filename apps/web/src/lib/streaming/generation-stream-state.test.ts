import { describe, expect, it } from "vitest";
import { ApiError } from "../api/api-error";
import {
  type GenerationStreamAction,
  type GenerationStreamState,
  INITIAL_GENERATION_STREAM_STATE,
  reduceGenerationStream,
} from "./generation-stream-state";

const GENERATION_ID = "3f1c9a52-3b7e-4f57-9a43-2b8d0c6f5e11";

function run(...actions: GenerationStreamAction[]): GenerationStreamState {
  return actions.reduce(reduceGenerationStream, INITIAL_GENERATION_STREAM_STATE);
}

const sent: GenerationStreamAction = { type: "sent" };
const delta = (text: string): GenerationStreamAction => ({
  type: "received",
  event: { type: "text-delta", text },
});

describe("reduceGenerationStream", () => {
  it("waits (showing the queue position), then appends text deltas, then keeps the stats", () => {
    const queued = run(sent, { type: "received", event: { type: "queue-position", position: 3 } });
    expect(queued).toMatchObject({ status: "waiting", queuePosition: 3 });

    const finished = run(sent, delta("def "), delta("f():"), {
      type: "received",
      event: {
        type: "generation-end",
        id: GENERATION_ID,
        promptTokens: 12,
        completionTokens: 2,
        durationMs: 40,
        timeToFirstTokenMs: 10,
        finishReason: "stop",
      },
    });
    expect(finished).toMatchObject({
      status: "finished",
      text: "def f():",
      generationId: GENERATION_ID,
      stats: { completionTokens: 2, finishReason: "stop" },
    });
  });

  it("keeps the partial text on Stop and ignores deltas that arrive afterwards", () => {
    const stopped = run(sent, delta("partial"), { type: "stopped", elapsedMs: 900 }, delta("late"));
    expect(stopped).toMatchObject({ status: "stopped", text: "partial", elapsedMs: 900 });
  });

  it("turns an error event into a failure with the server's code, keeping the text", () => {
    const failed = run(sent, delta("so far"), {
      type: "received",
      event: { type: "error", code: "generation.failed", message: "engine crashed" },
    });
    expect(failed.status).toBe("failed");
    expect(failed.text).toBe("so far");
    expect(failed.error).toMatchObject({ code: "generation.failed", message: "engine crashed" });
  });

  it("starts clean on a new request", () => {
    const failure = new ApiError("model.unavailable", "missing");
    const again = run(sent, delta("old"), { type: "failed", error: failure }, sent);
    expect(again).toEqual({ ...INITIAL_GENERATION_STREAM_STATE, status: "waiting" });
  });

  it("keeps what generation-start says: the kind, the conversation and the parameters used", () => {
    const conversationId = "9b2e4c1d-7a3f-4e6b-8c5d-1f2a3b4c5d6e";
    const started = run(sent, {
      type: "received",
      event: {
        type: "generation-start",
        id: GENERATION_ID,
        kind: "generate",
        model: "tiny",
        conversationId,
        parameters: { maxTokens: 256, temperature: 0.2, topP: 0.95 },
      },
    });
    expect(started).toMatchObject({
      status: "waiting",
      generationId: GENERATION_ID,
      kind: "generate",
      conversationId,
      parameters: { maxTokens: 256, temperature: 0.2, topP: 0.95 },
    });
    // The fields stay while text arrives; a reset forgets them.
    expect(reduceGenerationStream(started, delta("x"))).toMatchObject({
      status: "streaming",
      text: "x",
      conversationId,
    });
    expect(reduceGenerationStream(started, { type: "reset" })).toEqual(
      INITIAL_GENERATION_STREAM_STATE,
    );
  });
});
