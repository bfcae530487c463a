import { ERROR_CATALOGUE, type ErrorCode, type TErrorResponse } from "@codegenie/shared";

/**
 * An error the API reports to the client as it is: a stable code from the catalogue in
 * @codegenie/shared, its HTTP status, a human message and optional details.
 */
export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly details: unknown;
  /** For 429s: seconds until the client may try again (sent as Retry-After). */
  retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.code = code;
    this.details = details;
  }

  /** This error, telling the client when to retry. */
  withRetryAfter(seconds: number): this {
    this.retryAfterSeconds = Math.max(1, Math.ceil(seconds));
    return this;
  }

  /** The HTTP status of this error's code. */
  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  /** The response body. */
  toResponse(): TErrorResponse {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}
