import type { TStreamEvent } from "@codegenie/shared";
import { ApiError, readErrorResponse } from "../api/api-error";
import { authorizedFetch } from "../api/auth-session";
import { readEventStream } from "./read-event-stream";

/**
 * POSTs a JSON request, as the signed-in user, to a streaming endpoint (`/api/generate`, later
 * `/api/explain`) and calls `onEvent` for every event as it arrives. Resolves after the final
 * `generation-end` or `error` event. Throws ApiError when the request is refused before streaming (the server's HTTP error),
 * when the server cannot be reached, or when the stream ends without a final event. Aborting
 * `signal` closes the connection, which cancels the generation on the server, and rejects with the
 * AbortError.
 */
export async function postEventStream(
  url: string,
  request: unknown,
  signal: AbortSignal,
  onEvent: (event: TStreamEvent) => void,
): Promise<void> {
  // Signed in, and renewed once if the token expired, before the stream starts.
  const response = await authorizedFetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify(request),
    signal,
  });
  if (!response.ok) {
    throw await readErrorResponse(response);
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (!response.body || !contentType.startsWith("text/event-stream")) {
    throw new ApiError(
      "client.unexpected_response",
      `Expected a stream of events but got "${contentType || "no content type"}".`,
      response.status,
    );
  }

  try {
    for await (const event of readEventStream(response.body)) {
      onEvent(event);
      if (event.type === "generation-end" || event.type === "error") {
        return;
      }
    }
  } catch (cause) {
    if (signal.aborted || cause instanceof ApiError) throw cause;
    // The connection broke mid-answer (server restart, network drop): report it like an early end.
  }
  throw new ApiError(
    "client.stream_interrupted",
    "The connection closed before the answer was complete.",
  );
}
