import { ZErrorResponse, ZGenerateResponse, ZStreamEvent } from "@codegenie/shared";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { toAppError } from "../http/error-handler";
import { acceptsEventStream, openEventStream } from "../http/event-stream";
import type { PlannedGeneration } from "./generation.service";

/** The OpenAPI responses of a route answered by {@link replyWithGeneration}. */
export function generationReplyResponses(answer: string) {
  return {
    200: {
      description: `${answer} With \`Accept: text/event-stream\`: a stream of events (generation-start, queue-position, text-delta, generation-end or error).`,
      content: {
        "application/json": { schema: ZGenerateResponse },
        "text/event-stream": { schema: ZStreamEvent },
      },
    },
    400: ZErrorResponse,
    401: ZErrorResponse,
    404: ZErrorResponse,
    413: ZErrorResponse,
    422: ZErrorResponse,
    429: ZErrorResponse,
    502: ZErrorResponse,
    503: ZErrorResponse,
  };
}

/**
 * Runs a planned generate or explain request and answers it: server-sent events when the client
 * accepts `text/event-stream` (generation-start, queue-position, text-delta, then generation-end
 * or error), one JSON `ZGenerateResponse` otherwise. `signal` fires when the client goes away;
 * the generation then stops and its partial answer is recorded as cancelled.
 */
export async function replyWithGeneration(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  planned: PlannedGeneration,
  caller: { userId: string; signal: AbortSignal },
): Promise<FastifyReply | undefined> {
  if (!acceptsEventStream(request)) {
    const result = await app.generations.run(planned, caller);
    return reply.type("application/json").send(result);
  }

  const stream = openEventStream(request, reply, () => app.lifecycle.isShuttingDown);
  try {
    const result = await app.generations.run(planned, {
      ...caller,
      onStart: (start) => stream.send({ type: "generation-start", ...start }),
      onQueuePosition: (position) => stream.send({ type: "queue-position", position }),
      onTextDelta: (text) => stream.send({ type: "text-delta", text }),
    });
    const { id, promptTokens, completionTokens, durationMs, timeToFirstTokenMs, finishReason } =
      result;
    stream.send({
      type: "generation-end",
      id,
      promptTokens,
      completionTokens,
      durationMs,
      timeToFirstTokenMs,
      finishReason,
    });
  } catch (error) {
    const appError = toAppError(error as Error);
    stream.send({ type: "error", code: appError.code, message: appError.message });
  } finally {
    stream.end();
  }
  return undefined;
}
