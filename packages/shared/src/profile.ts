import { z } from "zod";
import {
  ZAvatarSource,
  ZDisplayName,
  ZEmail,
  ZPassword,
  ZRole,
  ZSecurityQuestions,
  ZUser,
} from "./auth";
import { ZFeedback } from "./feedback";
import { ZHistoryItem } from "./history";

/** `GET /api/me`: the signed-in user, with what only they see. */
export const ZMeResponse = ZUser.extend({
  hasSecurityQuestions: z.boolean(),
  /** The Gravatar URL for this email (shown as a choice even when not in use). */
  gravatarUrl: z.string(),
  /** True when a picture has been uploaded, so `avatarSource: "upload"` can be chosen. */
  hasUploadedAvatar: z.boolean(),
});
export type TMeResponse = z.infer<typeof ZMeResponse>;

/**
 * `PATCH /api/me`. An `upload` avatar source needs a picture uploaded first. Changing the email
 * needs `currentPassword`: the email is where password resets go, so a stolen session must not be
 * able to redirect them.
 */
export const ZUpdateMeRequest = z
  .object({
    displayName: ZDisplayName,
    email: ZEmail,
    avatarSource: ZAvatarSource,
    currentPassword: ZPassword,
  })
  .partial()
  .refine(
    (value) => Object.keys(value).some((key) => key !== "currentPassword"),
    "change at least one field",
  );
export type TUpdateMeRequest = z.infer<typeof ZUpdateMeRequest>;

/** `POST /api/me/password`: other sessions are signed out. */
export const ZChangePasswordRequest = z.object({
  currentPassword: ZPassword,
  newPassword: ZPassword,
});
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;

/** `PUT /api/me/security-questions`. */
export const ZUpdateSecurityQuestionsRequest = z.object({
  currentPassword: ZPassword,
  securityQuestions: ZSecurityQuestions,
});
export type TUpdateSecurityQuestionsRequest = z.infer<typeof ZUpdateSecurityQuestionsRequest>;

/** `DELETE /api/me`: needs the password. */
export const ZDeleteMeRequest = z.object({ password: ZPassword });
export type TDeleteMeRequest = z.infer<typeof ZDeleteMeRequest>;

/** One signed-in session (device) of the user. */
export const ZSession = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.iso.datetime({ offset: true }),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  isCurrent: z.boolean(),
});
export const ZSessionsResponse = z.object({ sessions: z.array(ZSession) });
export type TSessionsResponse = z.infer<typeof ZSessionsResponse>;

/** An admin's view of a user. */
export const ZAdminUser = ZUser.extend({
  lastLoginAt: z.iso.datetime({ offset: true }).nullable(),
  isLocked: z.boolean(),
  /** An administrator forced a password reset: sign-in is refused until the user resets it. */
  isPasswordResetRequired: z.boolean(),
});
export type TAdminUser = z.infer<typeof ZAdminUser>;

/** A user in the admin listing: the admin view with usage figures. */
export const ZAdminUserSummary = ZAdminUser.extend({
  /** The later of the last sign-in and the last query; null when neither happened. */
  lastActiveAt: z.iso.datetime({ offset: true }).nullable(),
  /** History rows (generate and explain requests), whatever their status. */
  queryCount: z.int(),
  /** Mean of the user's ratings (1–5), two decimals; null without feedback. */
  averageRating: z.number().nullable(),
});
export type TAdminUserSummary = z.infer<typeof ZAdminUserSummary>;

/** `GET /api/admin/users/:id`. */
export const ZAdminUserDetail = ZAdminUserSummary.extend({
  feedbackCount: z.int(),
  /** Sessions (signed-in devices) neither revoked nor expired. */
  liveSessionCount: z.int(),
});
export type TAdminUserDetail = z.infer<typeof ZAdminUserDetail>;

/** Page parameters of admin listings: page 1…, up to 100 items. */
export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

/** What the admin user listing sorts by. */
export const ADMIN_USER_SORTS = [
  "created",
  "lastActive",
  "queryCount",
  "averageRating",
  "username",
] as const;

/**
 * `GET /api/admin/users?page&pageSize&q&role&sort&order`. Without `sort`, users whose user id,
 * display name or email starts with `q` come first, then newest first. Users without a value
 * (never active, no ratings) come last in both orders.
 */
export const ZAdminUsersQuery = ZPageQuery.extend({
  q: z.string().trim().max(100).optional(),
  role: ZRole.optional(),
  sort: z.enum(ADMIN_USER_SORTS).optional(),
  order: z.enum(["asc", "desc"]).default("desc"),
});
export type TAdminUsersQuery = z.infer<typeof ZAdminUsersQuery>;
export const ZAdminUsersResponse = z.object({
  users: z.array(ZAdminUserSummary),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
});
export type TAdminUsersResponse = z.infer<typeof ZAdminUsersResponse>;

/** `GET /api/admin/users/:id/history?page&pageSize`: the user's rows, newest first. */
export const ZAdminUserHistoryResponse = z.object({
  items: z.array(ZHistoryItem),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
});
export type TAdminUserHistoryResponse = z.infer<typeof ZAdminUserHistoryResponse>;

/** A user's feedback with what it rates (the answer's model and the prompt's start). */
export const ZAdminUserFeedbackItem = ZFeedback.extend({
  kind: z.enum(["generate", "explain"]),
  model: z.string(),
  /** The first 200 characters of the prompt (or code). */
  promptStart: z.string(),
});

/** `GET /api/admin/users/:id/feedback?page&pageSize`: newest first. */
export const ZAdminUserFeedbackResponse = z.object({
  items: z.array(ZAdminUserFeedbackItem),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
});
export type TAdminUserFeedbackResponse = z.infer<typeof ZAdminUserFeedbackResponse>;

/** `POST /api/admin/users/:id/revoke-sessions` and `force-password-reset`. */
export const ZAdminSessionsRevokedResponse = z.object({
  user: ZAdminUser,
  /** Sessions that were live and are now ended. */
  revokedSessions: z.int(),
});
export type TAdminSessionsRevokedResponse = z.infer<typeof ZAdminSessionsRevokedResponse>;

/** Actions the audit log records. */
export const AUDIT_ACTIONS = [
  "user.registered",
  "auth.login",
  "auth.login_failed",
  "auth.locked",
  "auth.logout",
  "auth.refresh_reused",
  "password.reset_requested",
  "password.reset",
  "password.reset_failed",
  "password.changed",
  "security_questions.changed",
  "profile.updated",
  "user.promoted",
  "user.demoted",
  "user.deleted",
  "user.password_reset_forced",
  "user.sessions_revoked",
  "api_key.created",
  "api_key.revoked",
] as const;
export const ZAuditAction = z.enum(AUDIT_ACTIONS);
export type TAuditAction = z.infer<typeof ZAuditAction>;

/** One audit log entry. Names are kept as they were, so entries outlive deleted accounts. */
export const ZAuditEntry = z.object({
  id: z.string(),
  action: ZAuditAction,
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  targetId: z.string().nullable(),
  targetUsername: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

/** `GET /api/admin/audit?page&pageSize&action`. */
export const ZAuditQuery = ZPageQuery.extend({ action: ZAuditAction.optional() });
export const ZAuditResponse = z.object({
  entries: z.array(ZAuditEntry),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
});
export type TAuditResponse = z.infer<typeof ZAuditResponse>;
