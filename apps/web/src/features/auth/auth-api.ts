import {
  type TLoginRequest,
  type TRegisterRequest,
  type TResetPasswordRequest,
  ZAuthOptionsResponse,
  ZSecurityQuestionsLookupResponse,
  ZSessionResponse,
  ZUser,
} from "@codegenie/shared";
import { fetchJson, fetchOk, jsonRequest } from "../../lib/api/fetch-json";
import { sessionStore } from "../../lib/api/session-store";

/** `GET /api/auth/options`: whether email recovery works and whether this is the first account. */
export function fetchAuthOptions(signal?: AbortSignal) {
  return fetchJson("/api/auth/options", ZAuthOptionsResponse, { signal });
}

/** Signs in; the refresh cookie is set by the server, the access token kept in memory. */
export async function signIn(request: TLoginRequest): Promise<void> {
  const session = await fetchJson(
    "/api/auth/login",
    ZSessionResponse,
    jsonRequest("POST", request),
  );
  sessionStore.start(session);
}

/** Creates an account (it does not sign in). */
export async function register(request: TRegisterRequest): Promise<void> {
  await fetchJson("/api/auth/register", ZUser, jsonRequest("POST", request));
}

/**
 * Ends this session (or, with `everywhere`, every session of the user) on the server, then here.
 * The local session ends even when the server cannot be reached: people who ask to leave leave.
 */
export async function signOut(everywhere = false): Promise<void> {
  try {
    await fetchOk("/api/auth/logout", jsonRequest("POST", { everywhere }));
  } finally {
    sessionStore.end(
      everywhere ? { farewell: "You have been signed out on every device." } : undefined,
    );
  }
}

/** `POST /api/auth/password/forgot`: emails a 6-digit code if an account uses this email. */
export async function requestResetCode(email: string): Promise<void> {
  // 202 whether or not the account exists, so nobody can probe which emails have accounts.
  await fetchOk("/api/auth/password/forgot", jsonRequest("POST", { email }));
}

/** `POST /api/auth/password/questions`: the two questions to answer for this email. */
export async function lookUpSecurityQuestions(email: string): Promise<string[]> {
  const url = "/api/auth/password/questions";
  const answer = await fetchJson(
    url,
    ZSecurityQuestionsLookupResponse,
    jsonRequest("POST", { email }),
  );
  return answer.questions;
}

/** `POST /api/auth/password/reset` with the emailed code or the two answers. */
export async function resetPassword(request: TResetPasswordRequest): Promise<void> {
  await fetchOk("/api/auth/password/reset", jsonRequest("POST", request));
}
