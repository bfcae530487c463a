import { ZExplainRequest } from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireAuth } from "../auth/auth-guard";
import { AppError } from "../errors";
import { generationReplyResponses, replyWithGeneration } from "../generation/generation-reply";
import { clientDisconnectSignal } from "../http/event-stream";
import { ExplainService } from "./explain.service";

/**
 * `POST /api/explain`: explains code in a style, answered like `POST /api/generate` (server-sent
 * events or one JSON object; closing the connection cancels it).
 */
export const explainRoutes: FastifyPluginAsyncZod = async (app) => {
  const explanations = new ExplainService(app.generations);

  app.post(
    "/api/explain",
    {
      schema: {
        tags: ["generation"],
        summary: "Explain code in a style",
        description:
          "Styles: `beginner` (plain words, analogies), `technical` (complexity, memory, concurrency, edge cases, design), `step-by-step` (numbered walk through the execution with the state at each step). Code over EXPLAIN_MAX_CODE_CHARS, or too large for the model's context window, is refused with 413 explain.code_too_large, never cut.",
        body: ZExplainRequest,
        response: generationReplyResponses("The explanation."),
      },
    },
    async (request, reply) => {
      if (app.lifecycle.isShuttingDown) throw new AppError("server.shutting_down");
      const { user } = requireAuth(request);
      // Listen before planning: planning may wait for the model to load.
      const signal = clientDisconnectSignal(reply);
      const planned = await explanations.plan(user, request.body);
      return replyWithGeneration(app, request, reply, planned, { userId: user.id, signal });
    },
  );
};
