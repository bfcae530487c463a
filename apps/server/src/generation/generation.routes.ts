import { ZGenerateRequest } from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireAuth } from "../auth/auth-guard";
import { AppError } from "../errors";
import { clientDisconnectSignal } from "../http/event-stream";
import { generationReplyResponses, replyWithGeneration } from "./generation-reply";

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
        description:
          "Without `conversationId` a new conversation starts; with it, the earlier turns of that conversation (the caller's own, else 404 conversation.not_found) are carried, the oldest dropped first when the model's context window is short. The language's instruction and the caller's project context form the system part of the prompt.",
        body: ZGenerateRequest,
        response: generationReplyResponses("The answer."),
      },
    },
    async (request, reply) => {
      if (app.lifecycle.isShuttingDown) throw new AppError("server.shutting_down");
      const { user } = requireAuth(request);
      // Listen before planning: planning may wait for the model to load.
      const signal = clientDisconnectSignal(reply);
      const planned = await app.generations.planGenerate(user, request.body);
      return replyWithGeneration(app, request, reply, planned, { userId: user.id, signal });
    },
  );
};
