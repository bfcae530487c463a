import {
  type TPullEvent,
  ZErrorResponse,
  ZModelId,
  ZModelsResponse,
  ZPullEvent,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { toAppError } from "../http/error-handler";
import { acceptsEventStream, openEventStream } from "../http/event-stream";
import { ModelDownloadsService } from "./model-downloads.service";

const errors = {
  401: ZErrorResponse,
  403: ZErrorResponse,
  404: ZErrorResponse,
  422: ZErrorResponse,
  502: ZErrorResponse,
  503: ZErrorResponse,
};

/**
 * `GET /api/models`: the models users can pick, with their download progress.
 * `POST /api/admin/models/:id/pull`: downloads a model (admins), streaming progress as
 * server-sent events when asked; one download per model, shared by everyone who asks.
 */
export const modelsRoutes: FastifyPluginAsyncZod = async (app) => {
  // The models feature owns its downloads: they stop (keeping the partial files) when the
  // server closes, and the files on disk are checked once at start, in the background.
  const downloads = new ModelDownloadsService({
    endpoint: app.config.huggingFace.endpoint,
    token: app.config.huggingFace.token,
    logger: app.log,
  });
  app.models.useDownloads({ downloads, isAutoDownloadOn: app.config.models.autoDownload });
  app.addHook("preClose", async () => downloads.abortAll());
  void app.models.checkFiles();

  app.get(
    "/api/models",
    { schema: { tags: ["models"], response: { 200: ZModelsResponse } } },
    // `loaded`: in memory now; `gpu`: the embedded engine's backend once llama.cpp has started.
    async () => ({
      models: app.models
        .list()
        .map((model) =>
          model.status === "ready" && app.engine.isLoaded(model.id)
            ? { ...model, status: "loaded" as const }
            : model,
        ),
      gpu: app.engine.gpuBackendIfStarted(),
    }),
  );

  app.post(
    "/api/admin/models/:id/pull",
    {
      config: { access: "admin" },
      schema: {
        tags: ["models"],
        summary: "Download a model from Hugging Face (admins)",
        params: z.object({ id: ZModelId }),
        response: {
          200: {
            description:
              "With `Accept: text/event-stream`: progress events, then done or error. Otherwise the size once the file is in place.",
            content: {
              "application/json": { schema: z.object({ bytes: z.number() }) },
              "text/event-stream": { schema: ZPullEvent },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      // Unknown ids are 404 before any stream starts.
      app.models.require(id);
      if (!acceptsEventStream(request)) return { bytes: (await app.models.pull(id)).bytes };

      const stream = openEventStream<TPullEvent>(
        request,
        reply,
        () => app.lifecycle.isShuttingDown,
      );
      try {
        const { bytes } = await app.models.pull(id, (progress) =>
          stream.send({ type: "progress", ...progress }),
        );
        stream.send({ type: "done", bytes });
      } catch (error) {
        const appError = toAppError(error as Error);
        stream.send({ type: "error", code: appError.code, message: appError.message });
      } finally {
        stream.end();
      }
    },
  );
};
