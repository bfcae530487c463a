import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError } from "../errors";

/** Fastify's own client errors, mapped to our catalogue. */
const FASTIFY_CODES: Record<string, (error: FastifyError) => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError("request.malformed_json"),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    new AppError("request.invalid", "The request body is empty; send a JSON object."),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError("request.too_large"),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (error) =>
    new AppError("request.unsupported_media_type", error.message),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new AppError("request.invalid", "The Content-Length header does not match the body."),
};

/** Turns any thrown error into `{ error: { code, message, details? } }` with the fitting status. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? "request";
    const fields = error.validation.map((issue) => ({
      field: [where, ...issue.instancePath.split("/").filter(Boolean)].join("."),
      message: issue.message ?? "is not valid",
    }));
    const summary = fields.map((field) => `${field.field}: ${field.message}`).join("; ");
    return new AppError("request.invalid", `Invalid request: ${summary}`, { fields });
  }
  const fastifyError = error as FastifyError;
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return mapped(fastifyError);
  if (fastifyError.statusCode === 429) return new AppError("rate_limited", fastifyError.message);
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError("request.invalid", fastifyError.message);
  }
  return new AppError("internal");
}

/** Installs the one error handler and the JSON 404 for unknown API routes. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) {
      request.log.error({ err: error }, "request failed");
    } else {
      request.log.info({ code: appError.code }, appError.message);
    }
    if (appError.retryAfterSeconds !== undefined) {
      reply.header("retry-after", String(appError.retryAfterSeconds));
    }
    return reply.status(appError.status).send(appError.toResponse());
  });
}
