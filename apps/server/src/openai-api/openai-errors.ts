import type { TOpenAiErrorResponse } from "@codegenie/shared";
import type { FastifyError, FastifyInstance } from "fastify";
import { AppError } from "../errors";
import { toAppError } from "../http/error-handler";

/** OpenAI's error `type` for an HTTP status; its clients pick the exception class by status. */
function errorType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/**
 * An error in OpenAI's shape, keeping our stable code in `code`; `param` names the request field
 * at fault (`messages`, `temperature`) when validation found one.
 */
export function toOpenAiError(error: AppError): TOpenAiErrorResponse {
  return {
    error: {
      message: error.message,
      type: errorType(error.status),
      code: error.code,
      param: firstInvalidField(error.details),
    },
  };
}

function firstInvalidField(details: unknown): string | null {
  if (typeof details !== "object" || details === null || !("fields" in details)) return null;
  const { fields } = details as { fields: Array<{ field: string }> };
  const field = fields[0]?.field;
  return field ? field.replace(/^body\./, "") : null;
}

/**
 * The error handler of the /v1 routes (this plugin's scope only): the same mapping to codes and
 * statuses as the rest of the API, answered in OpenAI's shape so its clients understand it.
 */
export function registerOpenAiErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ code: appError.code }, appError.message);
    if (appError.retryAfterSeconds !== undefined) {
      reply.header("retry-after", String(appError.retryAfterSeconds));
    }
    return reply.status(appError.status).send(toOpenAiError(appError));
  });
}

/** A route the OpenAI-compatible API offers, e.g. `{ method: "POST", url: "/v1/chat/completions" }`. */
export interface OpenAiEndpoint {
  method: string;
  url: string;
}

/**
 * Answers any path under `/v1` that no route takes — an OpenAI endpoint this server lacks
 * (`/v1/completions`, `/v1/embeddings`) or a known path with the wrong method — with a 404 in
 * OpenAI's shape that names the endpoints it has, so an OpenAI client shows why instead of
 * failing to read the app's own error body. Register it in a plugin with the `/v1` prefix, so
 * the rest of the app keeps its own not-found answer. (Fastify's router answers a wrong method
 * with not-found too, hence 404 rather than 405.)
 */
export function registerOpenAiNotFound(app: FastifyInstance, endpoints: OpenAiEndpoint[]): void {
  app.setNotFoundHandler(async (request) => {
    const pathname = request.url.split("?")[0] ?? "/";
    const offered = endpoints.map((endpoint) => `${endpoint.method} ${endpoint.url}`).join(", ");
    const methods = endpoints.filter((endpoint) => endpoint.url === pathname);
    const message =
      methods.length > 0
        ? `Invalid method for URL (${request.method} ${pathname}): use ${methods.map((endpoint) => endpoint.method).join(" or ")}.`
        : `Invalid URL (${request.method} ${pathname}): this server offers ${offered}.`;
    throw new AppError("route.not_found", message);
  });
}
