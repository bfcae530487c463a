import { ApiError, readErrorResponse, toNetworkError } from "./api-error";

/**
 * The part of a zod schema that fetchJson uses. Typed structurally so the web app relies on the
 * contracts of @codegenie/shared without depending on zod itself.
 */
export interface ResponseSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown };
}

/**
 * Fetches JSON and validates the answer with a contract schema from @codegenie/shared.
 * Throws ApiError for network failures, error responses and answers that break the contract.
 */
export async function fetchJson<T>(
  url: string,
  schema: ResponseSchema<T>,
  init?: RequestInit,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { Accept: "application/json", ...init?.headers },
    });
  } catch (cause) {
    throw toNetworkError(cause);
  }
  if (!response.ok) {
    throw await readErrorResponse(response);
  }
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError(
      "client.unexpected_response",
      `The answer from ${url} does not match what this page expects.`,
      response.status,
      parsed.error,
    );
  }
  return parsed.data;
}
