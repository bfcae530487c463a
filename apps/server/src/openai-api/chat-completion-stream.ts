import type { TChatCompletionChunk, TOpenAiErrorResponse } from "@codegenie/shared";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * OpenAI's streaming format on one response: `data: <chunk>` lines and a final `data: [DONE]`.
 * The response is taken over from Fastify only when `open()` is first called, so a request
 * refused before the model starts (unknown model, busy) still gets its HTTP status.
 */
export class ChatCompletionStream {
  readonly #request: FastifyRequest;
  readonly #reply: FastifyReply;
  readonly #isServerClosing: () => boolean;
  #isOpened = false;

  constructor(request: FastifyRequest, reply: FastifyReply, isServerClosing: () => boolean) {
    this.#request = request;
    this.#reply = reply;
    this.#isServerClosing = isServerClosing;
  }

  /** True once the response has started: errors must then travel inside the stream. */
  get isOpened(): boolean {
    return this.#isOpened;
  }

  /** Sends the headers (once). */
  open(): void {
    if (this.#isOpened) return;
    this.#isOpened = true;
    this.#reply.hijack();
    const response = this.#reply.raw;
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      "x-request-id": this.#request.id,
    });
    response.flushHeaders();
  }

  /** Writes one chunk (or an error in OpenAI's shape); nothing once the client has gone. */
  send(chunk: TChatCompletionChunk | TOpenAiErrorResponse): void {
    this.open();
    this.#write(`data: ${JSON.stringify(chunk)}\n\n`);
  }

  /** An SSE comment, which clients ignore: keeps a queued request's connection visibly alive. */
  comment(text: string): void {
    this.open();
    this.#write(`: ${text}\n\n`);
  }

  /** Writes `data: [DONE]` and ends the response. */
  end(): void {
    if (!this.#isOpened || !this.#isWritable()) return;
    const response = this.#reply.raw;
    response.end("data: [DONE]\n\n");
    // A closing server waits for every connection; a keep-alive one would hold shutdown up.
    if (this.#isServerClosing()) response.socket?.end();
  }

  #isWritable(): boolean {
    const response = this.#reply.raw;
    return !response.writableEnded && !response.destroyed;
  }

  #write(text: string): void {
    if (this.#isWritable()) this.#reply.raw.write(text);
  }
}
