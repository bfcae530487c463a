import {
  type TChangePasswordRequest,
  type TDeleteMeRequest,
  type TMeResponse,
  type TUpdateMeRequest,
  type TUpdateSecurityQuestionsRequest,
  ZMeResponse,
  ZSessionsResponse,
} from "@codegenie/shared";
import { fetchJson, fetchOk, jsonRequest } from "../../lib/api/fetch-json";
import { sessionStore } from "../../lib/api/session-store";

/** The fresh copy of the user also updates the header's name and picture. */
function shown(me: TMeResponse): TMeResponse {
  sessionStore.updateUser(me);
  return me;
}

/** `GET /api/me`. */
export async function fetchMe(signal?: AbortSignal): Promise<TMeResponse> {
  return shown(await fetchJson("/api/me", ZMeResponse, { signal }));
}

/** `PATCH /api/me`: display name, email or where the avatar comes from. */
export async function updateMe(request: TUpdateMeRequest): Promise<TMeResponse> {
  return shown(await fetchJson("/api/me", ZMeResponse, jsonRequest("PATCH", request)));
}

/** `PUT /api/me/avatar` (multipart field `avatar`): the picture becomes the avatar shown. */
export async function uploadAvatar(picture: File): Promise<TMeResponse> {
  const form = new FormData();
  form.append("avatar", picture);
  return shown(await fetchJson("/api/me/avatar", ZMeResponse, { method: "PUT", body: form }));
}

/** `DELETE /api/me/avatar`: back to initials (or Gravatar, if chosen). */
export async function removeAvatar(): Promise<TMeResponse> {
  return shown(await fetchJson("/api/me/avatar", ZMeResponse, { method: "DELETE" }));
}

/** `POST /api/me/password`: the server signs out every other session. */
export async function changePassword(request: TChangePasswordRequest): Promise<void> {
  await fetchOk("/api/me/password", jsonRequest("POST", request));
}

/** `PUT /api/me/security-questions`. */
export async function updateSecurityQuestions(
  request: TUpdateSecurityQuestionsRequest,
): Promise<TMeResponse> {
  const url = "/api/me/security-questions";
  return shown(await fetchJson(url, ZMeResponse, jsonRequest("PUT", request)));
}

/** `GET /api/me/sessions`: where the user is signed in. */
export async function fetchSessions(signal?: AbortSignal) {
  return (await fetchJson("/api/me/sessions", ZSessionsResponse, { signal })).sessions;
}

/** `DELETE /api/me/sessions/:id`: signs that device out. */
export async function endSession(sessionId: string): Promise<void> {
  await fetchOk(`/api/me/sessions/${encodeURIComponent(sessionId)}`, { method: "DELETE" });
}

/**
 * Downloads `GET /api/me/export` as a file. A plain link cannot send the Bearer token, so the
 * JSON is fetched and handed to the browser as a Blob.
 */
export async function downloadAccountExport(): Promise<void> {
  const response = await fetchOk("/api/me/export");
  const disposition = response.headers.get("content-disposition") ?? "";
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "codegenie-export.json";
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started; give the browser a moment before freeing the Blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `DELETE /api/me`: deletes the account and its data, then signs out here. */
export async function deleteAccount(request: TDeleteMeRequest): Promise<void> {
  await fetchOk("/api/me", jsonRequest("DELETE", request));
  sessionStore.end({ farewell: "Your account and its data have been deleted." });
}
