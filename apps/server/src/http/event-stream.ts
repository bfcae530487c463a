import type { TStreamEvent } from "@codegenie/shared";
import type { FastifyReply, FastifyRequest } from "fastify";

/** A server-sent event stream on one response; events are typed unions with a `type`. */
export interface EventStream<TEvent extends { type: string } = TStreamEvent> {
  /** Writes one event; does nothing once the client has gone. */
  send(event: TEvent): void;
  end(): void;
}

/** True when the client asked for server-sent events. */
export function acceptsEventStream(request: FastifyRequest): boolean {
  return request.headers.accept?.includes("text/event-stream") ?? false;
}

/**
 * Takes the response over from Fastify and starts a server-sent event stream. Each event is
 * written as `event: <type>` and `data: <JSON>`, flushed at once (no proxy buffering).
 * `isServerClosing` is asked at the end: a closing server waits for every connection to close,
 * and a keep-alive connection left open after the stream would hold the shutdown up.
 */
export function openEventStream<TEvent extends { type: string } = TStreamEvent>(
  request: FastifyRequest,
  reply: FastifyReply,
  isServerClosing: () => boolean,
): EventStream<TEvent> {
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
    "x-request-id": request.id,
  });
  response.flushHeaders();
  const isOpen = () => !response.writableEnded && !response.destroyed;
  return {
    send(event) {
      if (isOpen()) response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    },
    end() {
      if (!isOpen()) return;
      response.end();
      if (isServerClosing()) response.socket?.end();
    },
  };
}

/** An AbortSignal that fires when the client closes the connection before the answer ends. */
export function clientDisconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on("close", () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
