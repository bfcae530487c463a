import {
  ZErrorResponse,
  ZGenerateRequest,
  ZGenerateResponse,
  ZStreamEvent,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireAuth } from "../auth/auth-guard";
import { AppError } from "../errors";
import { toAppError } from "../http/error-handler";
import { acceptsEventStream, clientDisconnectSignal, openEventStream } from "../http/event-stream";

/**
 * `POST /api/generate`: server-sent events when the request accepts `text/event-stream`, one
 * JSON object otherwise. Closing the connection cancels the generation.
 */
export const generationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/api/generate",
    {
      schema: {
        tags: ["generation"],
        summary: "Generate code from a prompt",
        body: ZGenerateRequest,
        response: {
          200: {
            description:
              "The answer. With `Accept: text/event-stream`: a stream of events (generation-start, text-delta, generation-end or error).",
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
        },
      },
    },
    async (request, reply) => {
      if (app.lifecycle.isShuttingDown) throw new AppError("server.shutting_down");
      const { user } = requireAuth(request);
      const planned = app.generations.plan(request.body);
      const signal = clientDisconnectSignal(reply);

      if (!acceptsEventStream(request)) {
        const result = await app.generations.run(planned, { userId: user.id, signal });
        return reply.type("application/json").send(result);
      }

      const stream = openEventStream(request, reply, () => app.lifecycle.isShuttingDown);
      try {
        const result = await app.generations.run(planned, {
          userId: user.id,
          signal,
          onStart: (id) => stream.send({ type: "generation-start", id, model: planned.model.id }),
          onQueuePosition: (position) => stream.send({ type: "queue-position", position }),
          onTextDelta: (text) => stream.send({ type: "text-delta", text }),
        });
        const { id, model: _model, text: _text, ...stats } = result;
        stream.send({ type: "generation-end", id, ...stats });
      } catch (error) {
        const appError = toAppError(error as Error);
        stream.send({ type: "error", code: appError.code, message: appError.message });
      } finally {
        stream.end();
      }
    },
  );
};
