import { ERROR_CATALOGUE, type ErrorCode, type TErrorResponse } from "@codegenie/shared";

/**
 * An error the API reports to the client as it is: a stable code from the catalogue in
 * @codegenie/shared, its HTTP status, a human message and optional details.
 */
export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.code = code;
    this.details = details;
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
