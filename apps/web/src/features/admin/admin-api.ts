import {
  type TAdminSessionsRevokedResponse,
  type TAdminUser,
  type TAdminUserDetail,
  type TAdminUserFeedbackResponse,
  type TAdminUserHistoryResponse,
  type TAdminUsersQuery,
  type TAdminUsersResponse,
  type TAuditAction,
  type TAuditResponse,
  type TQualityResponse,
  ZAdminSessionsRevokedResponse,
  ZAdminUser,
  ZAdminUserDetail,
  ZAdminUserFeedbackResponse,
  ZAdminUserHistoryResponse,
  ZAdminUsersResponse,
  ZAuditResponse,
  ZQualityResponse,
} from "@codegenie/shared";
import { fetchJson, fetchOk } from "../../lib/api/fetch-json";
import { type AdminRange, rangeBounds } from "./admin-range";

/** Builds `path?query`, leaving out empty values. */
export function withQuery(
  path: string,
  query: Record<string, string | number | undefined | null>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Filters and page of the Users table. */
export interface AdminUsersFilters {
  q?: string;
  role?: "user" | "admin";
  sort?: TAdminUsersQuery["sort"];
  order?: TAdminUsersQuery["order"];
  page: number;
  pageSize: number;
}

/** `GET /api/admin/users`. */
export function fetchAdminUsers(
  filters: AdminUsersFilters,
  signal?: AbortSignal,
): Promise<TAdminUsersResponse> {
  return fetchJson(withQuery("/api/admin/users", { ...filters }), ZAdminUsersResponse, { signal });
}

const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;

/** `POST /api/admin/users/:id/promote`: refused with `admin.limit_reached` past two admins. */
export function promoteUser(id: string): Promise<TAdminUser> {
  return fetchJson(`${userPath(id)}/promote`, ZAdminUser, { method: "POST" });
}

/** `POST /api/admin/users/:id/demote`: refused with `admin.last_admin` for the last one. */
export function demoteUser(id: string): Promise<TAdminUser> {
  return fetchJson(`${userPath(id)}/demote`, ZAdminUser, { method: "POST" });
}

/** `DELETE /api/admin/users/:id`. */
export async function deleteUser(id: string): Promise<void> {
  await fetchOk(userPath(id), { method: "DELETE" });
}

/** `GET /api/admin/users/:id`: the account with its usage figures. */
export function fetchAdminUserDetail(id: string, signal?: AbortSignal): Promise<TAdminUserDetail> {
  return fetchJson(userPath(id), ZAdminUserDetail, { signal });
}

/** `GET /api/admin/users/:id/history`: one page of the user's requests, newest first. */
export function fetchAdminUserHistory(
  id: string,
  page: number,
  signal?: AbortSignal,
): Promise<TAdminUserHistoryResponse> {
  const url = withQuery(`${userPath(id)}/history`, { page, pageSize: 10 });
  return fetchJson(url, ZAdminUserHistoryResponse, { signal });
}

/** `GET /api/admin/users/:id/feedback`: one page of the user's ratings, newest first. */
export function fetchAdminUserFeedback(
  id: string,
  page: number,
  signal?: AbortSignal,
): Promise<TAdminUserFeedbackResponse> {
  const url = withQuery(`${userPath(id)}/feedback`, { page, pageSize: 10 });
  return fetchJson(url, ZAdminUserFeedbackResponse, { signal });
}

/** `POST /api/admin/users/:id/force-password-reset`: signs them out until they set a new one. */
export function forcePasswordReset(id: string): Promise<TAdminSessionsRevokedResponse> {
  return fetchJson(`${userPath(id)}/force-password-reset`, ZAdminSessionsRevokedResponse, {
    method: "POST",
  });
}

/** `POST /api/admin/users/:id/revoke-sessions`: signs the user out everywhere. */
export function revokeSessions(id: string): Promise<TAdminSessionsRevokedResponse> {
  return fetchJson(`${userPath(id)}/revoke-sessions`, ZAdminSessionsRevokedResponse, {
    method: "POST",
  });
}

/** Filters and page of the audit log. */
export interface AuditFilters {
  action?: TAuditAction;
  page: number;
  pageSize: number;
}

/** `GET /api/admin/audit`: newest first. */
export function fetchAudit(filters: AuditFilters, signal?: AbortSignal): Promise<TAuditResponse> {
  return fetchJson(withQuery("/api/admin/audit", { ...filters }), ZAuditResponse, { signal });
}

/** `GET /api/admin/quality` for the range, counted back from now. */
export function fetchQuality(range: AdminRange, signal?: AbortSignal): Promise<TQualityResponse> {
  const url = withQuery("/api/admin/quality", {
    ...rangeBounds(range.preset),
    bucket: range.bucket,
  });
  return fetchJson(url, ZQualityResponse, { signal });
}
