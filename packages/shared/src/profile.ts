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
});
export type TAdminUser = z.infer<typeof ZAdminUser>;

/** Page parameters of admin listings: page 1…, up to 100 items. */
export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

/** `GET /api/admin/users?page&pageSize&q&role`. */
export const ZAdminUsersQuery = ZPageQuery.extend({
  q: z.string().trim().max(100).optional(),
  role: ZRole.optional(),
});
export const ZAdminUsersResponse = z.object({
  users: z.array(ZAdminUser),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
});
export type TAdminUsersResponse = z.infer<typeof ZAdminUsersResponse>;

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
