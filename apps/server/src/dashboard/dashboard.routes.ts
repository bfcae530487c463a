import {
  ZAdminFeedbackQuery,
  ZAdminFeedbackResponse,
  ZErrorResponse,
  ZMetricsQuery,
  ZMetricsResponse,
  ZWordCloudQuery,
  ZWordCloudResponse,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AdminFeedbackRepository } from "./admin-feedback.repository";
import { AdminFeedbackService } from "./admin-feedback.service";
import { MetricsRepository } from "./metrics.repository";
import { MetricsService } from "./metrics.service";
import { WordCloudRepository } from "./word-cloud.repository";
import { WordCloudService } from "./word-cloud.service";

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse };

/**
 * The admin dashboard's data (admins only): `GET /api/admin/metrics`, `/api/admin/wordcloud`
 * and `/api/admin/feedback`, each over a time range [from, to) of at most 366 days.
 */
export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const metrics = new MetricsService(new MetricsRepository(db));
  const wordCloud = new WordCloudService(new WordCloudRepository(db));
  const feedbackTable = new AdminFeedbackService(new AdminFeedbackRepository(db));

  app.get(
    "/api/admin/metrics",
    {
      config: { access: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Usage, model performance, ratings and sentiment",
        description:
          "Queries (history rows), feedback and new accounts created in [`from`, `to`) (default: the last 30 days), overall and per `bucket` (hour, day, week) in the IANA time zone `tz` (default UTC). Active users are counted in the 24 hours, 7 days and 30 days before `to`.",
        querystring: ZMetricsQuery,
        response: { 200: ZMetricsResponse, ...errors },
      },
    },
    async (request) => metrics.report(request.query),
  );

  app.get(
    "/api/admin/wordcloud",
    {
      config: { access: "admin" },
      schema: {
        tags: ["admin"],
        summary: "The most frequent terms of feedback comments",
        description:
          "Terms of the comments created in [`from`, `to`): lower-cased, stop words removed, plurals folded; `count` is the number of comments containing the term, `sentimentMean` their mean VADER compound. `sentiment=negative` looks at complaints only.",
        querystring: ZWordCloudQuery,
        response: { 200: ZWordCloudResponse, ...errors },
      },
    },
    async (request) => wordCloud.cloud(request.query),
  );

  app.get(
    "/api/admin/feedback",
    {
      config: { access: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Feedback, newest first, with filters",
        description:
          "Feedback created in [`from`, `to`), filtered by `rating`, sentiment label, `model` and `word` (comments containing the term, matched as the word cloud counts it); paged like the user listing.",
        querystring: ZAdminFeedbackQuery,
        response: { 200: ZAdminFeedbackResponse, ...errors },
      },
    },
    async (request) => feedbackTable.list(request.query),
  );
};
