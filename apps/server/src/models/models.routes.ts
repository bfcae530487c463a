import { ZModelsResponse } from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

/** `GET /api/models`: the models users can pick. */
export const modelsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/models",
    { schema: { tags: ["models"], response: { 200: ZModelsResponse } } },
    async () => ({ models: app.models.list(), gpu: null }),
  );
};
