import { ZErrorResponse, ZFeedback, ZFeedbackRequest } from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireAuth } from "../auth/auth-guard";
import { FeedbackRepository } from "./feedback.repository";
import { FeedbackService } from "./feedback.service";

/** `POST /api/feedback`: rate one of one's own answers (1–5 stars and an optional comment). */
export const feedbackRoutes: FastifyPluginAsyncZod = async (app) => {
  const feedback = new FeedbackService(new FeedbackRepository(app.database.db));

  app.post(
    "/api/feedback",
    {
      schema: {
        tags: ["feedback"],
        summary: "Rate one of your answers; sending it again edits the rating",
        description:
          "The comment is scored with VADER: `sentiment.compound` in −1…+1, the positive/neutral/negative proportions and the label (positive ≥ 0.05, negative ≤ −0.05, else neutral). 201 when created, 200 when it replaced your earlier feedback; 404 `history.not_found` for an answer that is not yours.",
        body: ZFeedbackRequest,
        response: {
          200: ZFeedback,
          201: ZFeedback,
          400: ZErrorResponse,
          401: ZErrorResponse,
          404: ZErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const { feedback: saved, isCreated } = await feedback.rate(user.id, request.body);
      return reply.status(isCreated ? 201 : 200).send(saved);
    },
  );
};
