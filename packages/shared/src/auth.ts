import { z } from "zod";

/** `user` or `admin`; at most two admins at a time. */
export const ZRole = z.enum(["user", "admin"]);
export type TRole = z.infer<typeof ZRole>;

/** A user id: 3–32 letters, digits, `_`, `.` or `-`; unique regardless of case. */
export const ZUsername = z
  .string()
  .trim()
  .min(3, "use at least 3 characters")
  .max(32, "use at most 32 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "use only letters, digits, '_', '.' and '-'");

/** An email address, trimmed and lower-cased; unique. */
export const ZEmail = z.string().trim().toLowerCase().max(254).pipe(z.email("enter a valid email"));

/** The name shown to other people. */
export const ZDisplayName = z.string().trim().min(1, "enter a display name").max(64);

/** A password as typed; its strength is checked by the server (zxcvbn, length, no user id). */
export const ZPassword = z.string().min(1, "enter a password").max(256);

/** One security question with its answer (answers are compared trimmed, case- and space-folded). */
export const ZSecurityQuestion = z.object({
  question: z.string().trim().min(5, "write a question").max(200),
  answer: z.string().trim().min(1, "write an answer").max(200),
});
export type TSecurityQuestion = z.infer<typeof ZSecurityQuestion>;

/** Exactly two security questions. */
export const ZSecurityQuestions = z.array(ZSecurityQuestion).length(2, "give two questions");

/** `POST /api/auth/register`. */
export const ZRegisterRequest = z.object({
  username: ZUsername,
  email: ZEmail,
  password: ZPassword,
  displayName: ZDisplayName,
  securityQuestions: ZSecurityQuestions.optional(),
});
export type TRegisterRequest = z.infer<typeof ZRegisterRequest>;

/** Where the picture shown for a user comes from. */
export const ZAvatarSource = z.enum(["initials", "gravatar", "upload"]);
export type TAvatarSource = z.infer<typeof ZAvatarSource>;

/** A user as the API shows them. */
export const ZUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: ZRole,
    avatarSource: ZAvatarSource,
    /** URL of the picture (an uploaded one, or Gravatar's); null means show initials. */
    avatarUrl: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "User" });
export type TUser = z.infer<typeof ZUser>;

/** `POST /api/auth/login`: `username` may also be the email. */
export const ZLoginRequest = z.object({
  username: z.string().trim().min(1, "enter your user id or email").max(254),
  password: ZPassword,
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

/**
 * Login and refresh answer with a short-lived access token (send it as `Authorization: Bearer`)
 * and set the refresh token as an HttpOnly cookie.
 */
export const ZSessionResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  /** Seconds until the access token expires. */
  expiresIn: z.int(),
  user: ZUser,
});
export type TSessionResponse = z.infer<typeof ZSessionResponse>;

/** `POST /api/auth/logout`: `everywhere` ends every session of the user, not just this one. */
export const ZLogoutRequest = z.object({ everywhere: z.boolean().optional() }).optional();
export type TLogoutRequest = z.infer<typeof ZLogoutRequest>;

/** `POST /api/auth/password/forgot`. */
export const ZForgotPasswordRequest = z.object({ email: ZEmail });
export type TForgotPasswordRequest = z.infer<typeof ZForgotPasswordRequest>;

/** 202 answer of forgot: the same whether or not the account exists. */
export const ZAcceptedResponse = z.object({ status: z.literal("accepted"), message: z.string() });
export type TAcceptedResponse = z.infer<typeof ZAcceptedResponse>;

/** `POST /api/auth/password/questions`: the questions to answer for this email. */
export const ZSecurityQuestionsLookupRequest = z.object({ email: ZEmail });
export const ZSecurityQuestionsLookupResponse = z.object({ questions: z.array(z.string()) });
export type TSecurityQuestionsLookupResponse = z.infer<typeof ZSecurityQuestionsLookupResponse>;

/** A password reset with the emailed one-time code. */
export const ZResetPasswordByCodeRequest = z.object({
  email: ZEmail,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "enter the 6-digit code"),
  newPassword: ZPassword,
});

/** A password reset with the answers to the two security questions. */
export const ZResetPasswordByAnswersRequest = z.object({
  email: ZEmail,
  answers: z.array(z.string().trim().min(1).max(200)).length(2, "answer both questions"),
  newPassword: ZPassword,
});

/** `POST /api/auth/password/reset`: with the emailed code, or with the two answers. */
export const ZResetPasswordRequest = z.union([
  ZResetPasswordByCodeRequest,
  ZResetPasswordByAnswersRequest,
]);
export type TResetPasswordRequest = z.infer<typeof ZResetPasswordRequest>;

/** `GET /api/auth/options`: which recovery methods this server offers. */
export const ZAuthOptionsResponse = z.object({
  isEmailRecoveryAvailable: z.boolean(),
  /** True until the first account exists: that account becomes admin. */
  isFirstAccount: z.boolean(),
});
export type TAuthOptionsResponse = z.infer<typeof ZAuthOptionsResponse>;
