import {
  RUNNABLE_LANGUAGES,
  ZErrorResponse,
  ZRunCodeRequest,
  ZRunnableLanguage,
  ZRunResult,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireAuth } from "../auth/auth-guard";
import { AppError } from "../errors";

/** `POST /api/code/run`: runs a Python or JavaScript snippet in the sandbox for a signed-in user. */
export const codeRunRoutes: FastifyPluginAsyncZod = async (app) => {
  const limits = app.config.codeRun;

  app.post(
    "/api/code/run",
    {
      schema: {
        tags: ["code"],
        summary: "Run a snippet in the sandbox",
        description:
          "Python runs in Pyodide in a separate process, JavaScript in QuickJS; no network, files, environment or processes. Limits: CODE_RUN_TIMEOUT_MS wall time (status timeout), CODE_RUN_MEMORY_MB memory (status memory_limit), CODE_RUN_OUTPUT_CAP_BYTES of stdout and of stderr (truncated). JavaScript reads its standard input with readStdin() or the stdin string. Runs per user are limited (429 with Retry-After).",
        body: ZRunCodeRequest,
        response: {
          200: ZRunResult,
          400: ZErrorResponse,
          401: ZErrorResponse,
          413: ZErrorResponse,
          422: ZErrorResponse,
          429: ZErrorResponse,
          503: ZErrorResponse,
        },
      },
    },
    async (request) => {
      const { user } = requireAuth(request);
      const { code, stdin } = request.body;
      const language = ZRunnableLanguage.safeParse(request.body.language.toLowerCase());
      if (!language.success) {
        throw new AppError("code.unsupported_language", undefined, {
          language: request.body.language,
          supported: RUNNABLE_LANGUAGES,
        });
      }
      if (code.length > limits.maxCodeChars) {
        throw new AppError("code.too_large", undefined, {
          length: code.length,
          maxChars: limits.maxCodeChars,
        });
      }
      await app.accounts.rateLimiter.consume(`user:code-run:${user.id}`, limits.rateLimit);
      return app.codeRunner.run({ language: language.data, code, stdin });
    },
  );
};
