import { ZSessionResponse } from "@codegenie/shared";
import { ApiError, type AppErrorCode, readErrorResponse, toNetworkError } from "./api-error";
import { sessionStore } from "./session-store";

/** Codes of a 401 after which the session cannot continue (a refresh would not help). */
const SESSION_ENDED_CODES: ReadonlySet<AppErrorCode> = new Set([
  "auth.session_revoked",
  "auth.unauthenticated",
  "auth.token_invalid",
]);

/** Name of the Web Lock that lets one tab at a time present the shared refresh cookie. */
const REFRESH_LOCK = "codegenie-refresh";

let refreshInFlight: Promise<string | null> | null = null;
let restoreOnce: Promise<void> | null = null;

/**
 * Exchanges the refresh cookie for a new access token; resolves to the token, or to null when
 * the server refuses (the session is then signed out). Single-flight: callers arriving while a
 * refresh runs share it, because the server rotates the cookie and treats a second use of the same
 * refresh token as theft, ending the session. Other tabs share the cookie too, so the request runs
 * under a Web Lock. Throws ApiError when the server cannot be reached (the session is kept).
 */
export function refreshSession(): Promise<string | null> {
  refreshInFlight ??= withRefreshLock(requestRefresh).finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  return locks ? locks.request(REFRESH_LOCK, task) : task();
}

async function requestRefresh(): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch("/api/auth/refresh", {
      method: "POST",
      headers: { Accept: "application/json" },
    });
  } catch (cause) {
    throw toNetworkError(cause);
  }
  if (!response.ok) {
    const error = await readErrorResponse(response);
    if (response.status !== 401) throw error;
    // Still restoring means nobody was signed in here yet: nothing "ended", so nothing to explain.
    const wasSignedIn = sessionStore.getSnapshot().status === "signed-in";
    sessionStore.end({ reason: wasSignedIn ? error : null });
    return null;
  }
  const parsed = ZSessionResponse.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError("client.unexpected_response", "The session renewal answer is not valid.");
  }
  sessionStore.start(parsed.data);
  return parsed.data.accessToken;
}

/**
 * Restores the session from the refresh cookie when the app loads (once, however often it is
 * called). If the server cannot be reached the app shows the sign-in page, which says so.
 */
export function restoreSession(): Promise<void> {
  restoreOnce ??= refreshSession().then(
    () => undefined,
    (error: unknown) => {
      sessionStore.end({ reason: error instanceof ApiError ? error : toNetworkError(error) });
    },
  );
  return restoreOnce;
}

function withBearer(init: RequestInit | undefined, token: string | null): RequestInit {
  const headers = new Headers(init?.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  return { ...init, headers };
}

async function send(url: string, init: RequestInit | undefined, token: string | null) {
  try {
    return await fetch(url, withBearer(init, token));
  } catch (cause) {
    // An abort is the caller's own doing: let it through as it is.
    if (init?.signal?.aborted) throw cause;
    throw toNetworkError(cause);
  }
}

/**
 * `fetch` for the API with the signed-in user's access token. When the token has expired it
 * renews the session and retries once; when the server says the session is over, the app is
 * signed out (and the sign-in page says why). Always resolves to the server's answer (the caller
 * turns error answers into ApiError); throws ApiError when the server cannot be reached, and the
 * AbortError when `init.signal` aborts. Bodies must be re-sendable (strings, FormData, Blobs).
 */
export async function authorizedFetch(url: string, init?: RequestInit): Promise<Response> {
  await restoreSession();
  const token = sessionStore.getAccessToken();
  const response = await send(url, init, token);
  if (response.status !== 401 || token === null) return response;

  // Read from a copy, so the caller can still read the body.
  const error = await readErrorResponse(response.clone());
  if (error.code === "auth.token_expired") {
    // Another caller may have renewed the token while this request was on its way.
    const current = sessionStore.getAccessToken();
    const fresh = current !== null && current !== token ? current : await refreshSession();
    return fresh ? send(url, init, fresh) : response;
  }
  if (SESSION_ENDED_CODES.has(error.code) && sessionStore.getAccessToken() === token) {
    sessionStore.end({ reason: error });
  }
  return response;
}
