/**
 * The one error catalogue. Every error the API returns carries one of these stable codes; the web
 * app and the CLI branch on `code`, never on the message text.
 */
export const ERROR_CATALOGUE = {
  "request.invalid": { status: 400, message: "The request is not valid." },
  "request.malformed_json": { status: 400, message: "The request body is not valid JSON." },
  "request.too_large": { status: 413, message: "The request body is too large." },
  "request.unsupported_media_type": { status: 415, message: "This content type is not supported." },
  "route.not_found": { status: 404, message: "There is no such route." },
  rate_limited: { status: 429, message: "Too many requests; try again later." },
  "generation.prompt_too_large": { status: 413, message: "The prompt is larger than allowed." },
  "generation.failed": { status: 500, message: "The model failed while generating." },
  "model.not_found": { status: 404, message: "There is no model with this id." },
  "model.unavailable": { status: 503, message: "The model cannot be used right now." },
  "server.shutting_down": { status: 503, message: "The server is shutting down." },
  "server.not_ready": { status: 503, message: "The server is not ready." },
  internal: { status: 500, message: "Something went wrong on our side." },
} as const satisfies Record<string, { status: number; message: string }>;

/** A stable error code, e.g. `model.not_found`. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The codes as a list, for schemas and docs. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]];
