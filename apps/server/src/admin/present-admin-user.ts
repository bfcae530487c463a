import type { TAdminUser, TAdminUserDetail, TAdminUserSummary } from "@codegenie/shared";
import { avatarUrl, type UserRow } from "../users/present-user";

/** The columns of a user an admin sees (never hashes or avatar bytes). */
export type AdminUserRow = Pick<
  UserRow,
  | "id"
  | "username"
  | "email"
  | "displayName"
  | "role"
  | "avatarSource"
  | "avatarUpdatedAt"
  | "createdAt"
  | "lastLoginAt"
  | "lockedUntil"
  | "passwordResetRequired"
>;

/** A user with their usage figures, as the admin listing reads them. */
export interface AdminUserSummaryRow extends AdminUserRow {
  lastActiveAt: Date | null;
  queryCount: number;
  averageRating: number | null;
}

/** A user as an admin sees them: the public view plus last sign-in and lock state. */
export function presentAdminUser(row: AdminUserRow, now = new Date()): TAdminUser {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    displayName: row.displayName,
    role: row.role === "admin" ? "admin" : "user",
    avatarSource:
      row.avatarSource === "gravatar" || row.avatarSource === "upload"
        ? row.avatarSource
        : "initials",
    avatarUrl: avatarUrl(row),
    createdAt: row.createdAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    isLocked: row.lockedUntil !== null && row.lockedUntil > now,
    isPasswordResetRequired: row.passwordResetRequired,
  };
}

/** A user of the admin listing: the admin view with last activity, queries and mean rating. */
export function presentAdminUserSummary(
  row: AdminUserSummaryRow,
  now = new Date(),
): TAdminUserSummary {
  return {
    ...presentAdminUser(row, now),
    lastActiveAt: row.lastActiveAt?.toISOString() ?? null,
    queryCount: row.queryCount,
    averageRating: row.averageRating,
  };
}

/** One user's page: the summary with feedback and live session counts. */
export function presentAdminUserDetail(
  row: AdminUserSummaryRow & { feedbackCount: number; liveSessionCount: number },
): TAdminUserDetail {
  return {
    ...presentAdminUserSummary(row),
    feedbackCount: row.feedbackCount,
    liveSessionCount: row.liveSessionCount,
  };
}
