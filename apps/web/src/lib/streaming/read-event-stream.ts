import { type TStreamEvent, ZStreamEvent } from "@codegenie/shared";
import { createParser } from "eventsource-parser";
import { ApiError } from "../api/api-error";

const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set(
  ZStreamEvent.options.map((option) => option.shape.type.value),
);

/**
 * Validates the `data` of one server-sent event against the stream contract.
 * Returns undefined for an event type this page does not know (a newer server may add some; they
 * must not break the answer) and throws ApiError when a known event is malformed.
 */
export function parseStreamEvent(data: string): TStreamEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new ApiError("client.unexpected_response", "The server sent an event that is not JSON.");
  }
  const parsed = ZStreamEvent.safeParse(json);
  if (parsed.success) {
    return parsed.data;
  }
  const type = typeof json === "object" && json !== null && "type" in json ? json.type : undefined;
  if (typeof type === "string" && !KNOWN_EVENT_TYPES.has(type)) {
    return undefined;
  }
  throw new ApiError(
    "client.unexpected_response",
    `The server sent a malformed "${String(type)}" event.`,
    undefined,
    parsed.error.issues,
  );
}

/**
 * Reads a `text/event-stream` body and yields its events, validated, as they arrive.
 * Stops with the body; aborting the fetch that produced the body makes the iteration throw an
 * AbortError. Leaving the loop early cancels the body, which closes the connection.
 */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<TStreamEvent, void, undefined> {
  const pending: TStreamEvent[] = [];
  let malformed: unknown;
  const parser = createParser({
    onEvent(message) {
      // The parser calls back synchronously inside feed(); collect, then yield outside it.
      try {
        const event = parseStreamEvent(message.data);
        if (event) pending.push(event);
      } catch (error) {
        malformed ??= error;
      }
    },
  });

  // A streaming decoder keeps multi-byte characters that straddle two chunks intact.
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let isDone = false;
  try {
    while (true) {
      const chunk = await reader.read();
      if (chunk.done) {
        isDone = true;
        return;
      }
      parser.feed(decoder.decode(chunk.value, { stream: true }));
      yield* pending.splice(0);
      if (malformed) throw malformed;
    }
  } finally {
    if (!isDone) {
      // Already aborted or errored streams reject cancel(); there is nothing left to close then.
      await reader.cancel().catch(() => undefined);
    }
  }
}
