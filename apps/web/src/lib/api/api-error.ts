import { type ErrorCode, ZErrorResponse } from "@codegenie/shared";

/**
 * Failures the browser detects itself, when no server error code is available: the server could
 * not be reached, the stream broke off, or the answer did not match the contract.
 */
export type ClientErrorCode =
  | "client.network"
  | "client.stream_interrupted"
  | "client.unexpected_response";

/** Every code the UI may have to explain: the server's catalogue plus the browser's own. */
export type AppErrorCode = ErrorCode | ClientErrorCode;

/** An error from talking to the server; the UI branches on `code`, never on `message`. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** HTTP status when the server answered, else undefined. */
    readonly status?: number,
    /** The server's `details`, e.g. which field was invalid. */
    readonly details?: unknown,
    /** For 429s: seconds to wait before trying again (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Turns a non-2xx response into an ApiError, using the `{ error: { code, message } }` body. */
export async function readErrorResponse(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = ZErrorResponse.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
    return new ApiError(code, message, response.status, details, retryAfterSeconds);
  }
  // A proxy or a crashed server may answer with HTML or nothing; say what we know.
  return new ApiError(
    "client.unexpected_response",
    `The server answered with HTTP ${response.status} ${response.statusText}`.trim(),
    response.status,
  );
}

/** Retry-After as seconds: either a number of seconds or an HTTP date; undefined when absent. */
export function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Wraps whatever `fetch` threw (offline, DNS, CORS…) so the UI can show it. */
export function toNetworkError(cause: unknown): ApiError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ApiError("client.network", `Could not reach the server (${reason}).`);
}

/** Any thrown value as an ApiError, so every failure can be shown with describeError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError("client.unexpected_response", message);
}
