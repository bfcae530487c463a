import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";

/** Which endpoint failed and how, as the client is told (no API key, no credentials). */
export interface EndpointFailure {
  baseUrl: string;
  error: string;
}

/** A failed attempt on one endpoint, judged. */
export interface JudgedFailure {
  /** What happened, in a few words, e.g. `connection refused (ECONNREFUSED)` or `HTTP 500: …`. */
  error: string;
  /**
   * Whether the endpoint is at fault (down, overloaded, timed out): it is left out for a while and
   * the request may go to another. Otherwise the request itself was refused (a 4xx), which
   * another endpoint would refuse too.
   */
  isEndpointFault: boolean;
}

/**
 * Judges what the `openai` SDK threw for one endpoint. `hasTimedOut`: our own wait for the next
 * chunk ran out (the SDK reports that as an abort).
 */
export function judgeFailure(
  error: unknown,
  options: { hasTimedOut: boolean; timeoutMs: number },
): JudgedFailure {
  const isTimeout =
    options.hasTimedOut ||
    error instanceof APIUserAbortError ||
    error instanceof APIConnectionTimeoutError;
  if (isTimeout) {
    return { error: `no response within ${options.timeoutMs} ms`, isEndpointFault: true };
  }
  if (error instanceof APIConnectionError) {
    return { error: connectionProblem(error), isEndpointFault: true };
  }
  if (error instanceof APIError) {
    const status = error.status;
    // Without a status the server sent an error event inside the stream.
    if (status === undefined) return { error: error.message, isEndpointFault: true };
    const isEndpointFault = status >= 500 || status === 408 || status === 429;
    // The SDK's message starts with the status again.
    const message = error.message.replace(/^\d{3}\s*/, "");
    return { error: `HTTP ${status}: ${message}`, isEndpointFault };
  }
  return { error: connectionProblem(error), isEndpointFault: true };
}

/** A failure of the endpoint itself, not thrown by the SDK: e.g. a stream that just stopped. */
export function endpointFault(error: string): JudgedFailure {
  return { error, isEndpointFault: true };
}

/** `baseUrl` without user name and password, for messages. */
export function displayUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return baseUrl;
  }
  if (url.username === "" && url.password === "") return baseUrl;
  url.username = "";
  url.password = "";
  return url.toString();
}

const SOCKET_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
};

/**
 * The socket-level reason behind a fetch failure: undici wraps it as
 * `TypeError: fetch failed` (or `terminated` mid-body) with the system error as its cause.
 */
function connectionProblem(error: unknown): string {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code in SOCKET_CODES) return `${SOCKET_CODES[code]} (${code})`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
