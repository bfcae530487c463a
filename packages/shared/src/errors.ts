/**
 * The one error catalogue. Every error the API returns carries one of these stable codes; the web
 * app and the CLI branch on `code`, never on the message text.
 */
export const ERROR_CATALOGUE = {
  "request.invalid": { status: 400, message: "The request is not valid." },
  "request.malformed_json": { status: 400, message: "The request body is not valid JSON." },
  "request.too_large": { status: 413, message: "The request body is too large." },
  "request.unsupported_media_type": { status: 415, message: "This content type is not supported." },
  "route.not_found": { status: 404, message: "There is no such route." },
  rate_limited: { status: 429, message: "Too many requests; try again later." },
  "generation.prompt_too_large": { status: 413, message: "The prompt is larger than allowed." },
  "generation.failed": { status: 500, message: "The model failed while generating." },
  "explain.code_too_large": {
    status: 413,
    message: "The code is larger than the model can read at once; explain a smaller part.",
  },
  "code.unsupported_language": {
    status: 422,
    message: "This language cannot be run here; Python and JavaScript can.",
  },
  "code.too_large": { status: 413, message: "The code is larger than allowed." },
  "code.sandbox_unavailable": {
    status: 503,
    message: "The code sandbox is not available right now; try again shortly.",
  },
  "history.not_found": { status: 404, message: "You have no such answer in your history." },
  "conversation.not_found": { status: 404, message: "You have no such conversation." },
  "model.not_found": { status: 404, message: "There is no model with this id." },
  "model.unavailable": { status: 503, message: "The model cannot be used right now." },
  "model.downloading": {
    status: 503,
    message: "The model is being downloaded; try again when it is ready.",
  },
  "model.busy": { status: 429, message: "The model is busy; try again shortly." },
  "model.invalid_file": { status: 422, message: "The model file is not a valid GGUF model." },
  "model.download_failed": { status: 502, message: "The model could not be downloaded." },
  "model.download_unauthorized": {
    status: 401,
    message: "The model hub refused the download: set HF_TOKEN to a token that may read it.",
  },
  "model.remote_failed": {
    status: 502,
    message: "The remote inference server failed or could not be reached.",
  },
  "auth.unauthenticated": { status: 401, message: "Sign in to continue." },
  "auth.invalid_credentials": { status: 401, message: "The user id or password is wrong." },
  "auth.token_invalid": { status: 401, message: "The session token is not valid; sign in again." },
  "auth.token_expired": { status: 401, message: "The session token has expired; refresh it." },
  "auth.session_revoked": { status: 401, message: "This session has ended; sign in again." },
  "auth.refresh_invalid": { status: 401, message: "The session cannot be renewed; sign in again." },
  "auth.api_key_invalid": {
    status: 401,
    message: "The API key is not valid or has been revoked.",
  },
  "auth.forbidden": { status: 403, message: "You are not allowed to do this." },
  "auth.account_locked": {
    status: 429,
    message: "Too many failed sign-ins: the account is locked for a while.",
  },
  "auth.password_reset_required": {
    status: 403,
    message:
      "An administrator asked you to choose a new password: use “Forgot password” to set one, then sign in.",
  },
  "auth.weak_password": { status: 422, message: "The password is too weak." },
  "auth.username_taken": { status: 409, message: "This user id is already taken." },
  "auth.email_taken": { status: 409, message: "An account already uses this email." },
  "auth.reset_invalid": {
    status: 400,
    message: "The code or answers are wrong or expired; ask for a new code.",
  },
  "auth.email_recovery_unavailable": {
    status: 503,
    message: "Email is not set up on this server; use your security questions.",
  },
  "admin.limit_reached": { status: 409, message: "There can be at most two administrators." },
  "admin.last_admin": { status: 409, message: "The last administrator cannot be removed." },
  "user.not_found": { status: 404, message: "There is no such user." },
  "profile.password_incorrect": { status: 403, message: "The current password is wrong." },
  "profile.avatar_invalid": {
    status: 415,
    message: "The avatar must be a PNG, JPEG, WebP or GIF image.",
  },
  "profile.avatar_too_large": { status: 413, message: "The avatar is larger than 2 MB." },
  "profile.no_avatar": { status: 404, message: "No avatar has been uploaded." },
  "profile.avatar_not_uploaded": {
    status: 409,
    message: "Upload a picture before choosing it as your avatar.",
  },
  "profile.session_not_found": { status: 404, message: "You have no such session." },
  "api_key.not_found": { status: 404, message: "You have no such API key." },
  "api_key.limit_reached": {
    status: 409,
    message: "You have as many API keys as allowed; revoke one first.",
  },
  "server.shutting_down": { status: 503, message: "The server is shutting down." },
  "server.restarted": {
    status: 500,
    message: "The server stopped while this answer was being written.",
  },
  "server.not_ready": { status: 503, message: "The server is not ready." },
  internal: { status: 500, message: "Something went wrong on our side." },
} as const satisfies Record<string, { status: number; message: string }>;

/** A stable error code, e.g. `model.not_found`. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The codes as a list, for schemas and docs. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]];
