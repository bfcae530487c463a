import { ApiError, readErrorResponse } from "./api-error";
import { authorizedFetch } from "./auth-session";

/**
 * The part of a zod schema that fetchJson uses. Typed structurally so the web app relies on the
 * contracts of @codegenie/shared without depending on zod itself.
 */
export interface ResponseSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown };
}

/** A request init that sends `body` as JSON with the given method. */
export function jsonRequest(
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  body: unknown,
): RequestInit {
  return { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

/**
 * Calls the API (with the signed-in user's token, see authorizedFetch) and throws ApiError for
 * network failures and error answers; resolves to the successful Response.
 */
export async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  const response = await authorizedFetch(url, {
    ...init,
    headers: { Accept: "application/json", ...init?.headers },
  });
  if (!response.ok) {
    throw await readErrorResponse(response);
  }
  return response;
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
  const response = await fetchOk(url, init);
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
