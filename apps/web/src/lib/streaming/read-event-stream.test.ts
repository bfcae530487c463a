import type { TStreamEvent } from "@codegenie/shared";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/api-error";
import { readEventStream } from "./read-event-stream";

const GENERATION_ID = "3f1c9a52-3b7e-4f57-9a43-2b8d0c6f5e11";
const START_EVENT: TStreamEvent = {
  type: "generation-start",
  id: GENERATION_ID,
  kind: "generate",
  model: "tiny",
  conversationId: "9b2e4c1d-7a3f-4e6b-8c5d-1f2a3b4c5d6e",
  parameters: { maxTokens: 256, temperature: 0.2, topP: 0.95 },
};

function sse(event: { type: string; [field: string]: unknown }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A response body that delivers exactly these chunks, as a network would. */
function bodyOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      }
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<TStreamEvent[]> {
  const events: TStreamEvent[] = [];
  for await (const event of readEventStream(body)) events.push(event);
  return events;
}

describe("readEventStream", () => {
  it("yields validated events even when chunks split events and characters", async () => {
    const stream =
      sse(START_EVENT) +
      sse({ type: "text-delta", text: "héllo 🌍" }) +
      sse({ type: "queue-position", position: 2 });
    const bytes = new TextEncoder().encode(stream);
    // One byte per chunk: splits every line, every event and the multi-byte é and 🌍.
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));

    expect(await collect(bodyOf(chunks))).toEqual([
      START_EVENT,
      { type: "text-delta", text: "héllo 🌍" },
      { type: "queue-position", position: 2 },
    ]);
  });

  it("skips event types it does not know, so a newer server does not break the answer", async () => {
    const events = await collect(
      bodyOf([sse({ type: "code-check", ok: true }), sse({ type: "text-delta", text: "a" })]),
    );
    expect(events).toEqual([{ type: "text-delta", text: "a" }]);
  });

  it("fails with client.unexpected_response when a known event is malformed", async () => {
    const reading = collect(bodyOf([sse({ type: "text-delta", text: 42 })]));
    await expect(reading).rejects.toBeInstanceOf(ApiError);
    await expect(reading).rejects.toMatchObject({ code: "client.unexpected_response" });
  });

  it("fails when an event's data is not JSON", async () => {
    await expect(collect(bodyOf(["event: text-delta\ndata: {oops\n\n"]))).rejects.toMatchObject({
      code: "client.unexpected_response",
    });
  });
});
