import {
  ZChatCompletion,
  ZChatCompletionChunk,
  ZChatCompletionRequest,
  ZOpenAiErrorResponse,
  ZOpenAiModelList,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireCaller } from "../auth/auth-guard";
import { AppError } from "../errors";
import { toAppError } from "../http/error-handler";
import { clientDisconnectSignal } from "../http/event-stream";
import {
  chatFinishReason,
  chatUsage,
  choiceChunk,
  completionId,
  presentCompletion,
  unixSeconds,
} from "./chat-completion-presenter";
import { ChatCompletionStream } from "./chat-completion-stream";
import { toConversation } from "./chat-conversation";
import {
  type OpenAiEndpoint,
  registerOpenAiErrorHandler,
  registerOpenAiNotFound,
  toOpenAiError,
} from "./openai-errors";

const errors = {
  400: ZOpenAiErrorResponse,
  401: ZOpenAiErrorResponse,
  404: ZOpenAiErrorResponse,
  413: ZOpenAiErrorResponse,
  429: ZOpenAiErrorResponse,
  500: ZOpenAiErrorResponse,
  502: ZOpenAiErrorResponse,
  503: ZOpenAiErrorResponse,
};

/**
 * The OpenAI-compatible API (`/v1/models`, `/v1/chat/completions`), so editors and scripts that
 * speak it can use the team's models with a personal API key (or an access token). Requests run
 * through the generation service like any other: same limits, same queue, same history.
 */
export const openAiRoutes: FastifyPluginAsyncZod = async (app) => {
  registerOpenAiErrorHandler(app);
  // The routes below, for the not-found answer's list (HEAD is Fastify's automatic twin of GET).
  const endpoints: OpenAiEndpoint[] = [];
  app.addHook("onRoute", ({ method, url }) => {
    for (const each of [method].flat()) {
      if (each !== "HEAD") endpoints.push({ method: each, url });
    }
  });
  await app.register(async (v1) => registerOpenAiNotFound(v1, endpoints), { prefix: "/v1" });
  // Model definitions have no creation date; the server's start is a stable stand-in.
  const startedAt = unixSeconds();

  app.get(
    "/v1/models",
    {
      schema: {
        tags: ["openai"],
        summary: "Models (OpenAI-compatible)",
        response: { 200: ZOpenAiModelList, 401: ZOpenAiErrorResponse },
      },
    },
    async (request) => {
      requireCaller(request);
      return {
        object: "list" as const,
        data: app.models.list().map((model) => ({
          id: model.id,
          object: "model" as const,
          created: startedAt,
          owned_by: "codegenie",
        })),
      };
    },
  );

  app.post(
    "/v1/chat/completions",
    {
      schema: {
        tags: ["openai"],
        summary: "Chat completion (OpenAI-compatible)",
        description:
          "With `stream: true`: server-sent `data:` chunks (`chat.completion.chunk`), a usage chunk when `stream_options.include_usage`, then `data: [DONE]`. Closing the connection cancels the generation.",
        body: ZChatCompletionRequest,
        response: {
          200: {
            description: "The completion, or a stream of chunks.",
            content: {
              "application/json": { schema: ZChatCompletion },
              "text/event-stream": { schema: ZChatCompletionChunk },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      if (app.lifecycle.isShuttingDown) throw new AppError("server.shutting_down");
      const { user } = requireCaller(request);
      const body = request.body;
      const conversation = toConversation(body.messages);
      const stop = typeof body.stop === "string" ? [body.stop] : (body.stop ?? undefined);
      const settings = {
        maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
        temperature: body.temperature ?? undefined,
        topP: body.top_p ?? undefined,
        stopSequences: stop?.filter((text) => text !== ""),
      };
      const signal = clientDisconnectSignal(reply);
      const created = unixSeconds();

      if (!body.stream) {
        const result = await app.generations.runConversation(body.model, conversation, settings, {
          userId: user.id,
          signal,
        });
        return reply.type("application/json").send(presentCompletion(result, body.model, created));
      }

      const stream = new ChatCompletionStream(request, reply, () => app.lifecycle.isShuttingDown);
      let head = { id: "", created, model: body.model };
      // Opening the stream waits for the engine (first text or queue place), so refusals before
      // it — unknown model, too long, busy — answer with their HTTP status.
      const openOnce = () => {
        if (!stream.isOpened) stream.send(choiceChunk(head, { role: "assistant" }));
      };
      try {
        const result = await app.generations.runConversation(body.model, conversation, settings, {
          userId: user.id,
          signal,
          onStart: ({ id }) => {
            head = { ...head, id: completionId(id) };
          },
          onQueuePosition: (position) => {
            openOnce();
            stream.comment(`queue-position ${position}`);
          },
          onTextDelta: (text) => {
            openOnce();
            stream.send(choiceChunk(head, { content: text }));
          },
        });
        openOnce();
        stream.send(choiceChunk(head, {}, chatFinishReason(result.finishReason)));
        if (body.stream_options?.include_usage) {
          stream.send({
            ...head,
            object: "chat.completion.chunk",
            choices: [],
            usage: chatUsage(result),
          });
        }
      } catch (error) {
        if (!stream.isOpened) throw error;
        stream.send(toOpenAiError(toAppError(error as Error)));
      } finally {
        stream.end();
      }
    },
  );
};
