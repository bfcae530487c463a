import type { ApiError } from "./api-error";
import { formatWait } from "./format-wait";

/** What the UI says about an error: a short title and a sentence on what to do about it. */
export interface ErrorDescription {
  title: string;
  hint: string;
}

/**
 * Explains an error to a person, by its stable code. The server's own message is shown beside this
 * (it often names the model or the limit), so the hint says what it means and what to do.
 */
export function describeError(error: ApiError): ErrorDescription {
  switch (error.code) {
    case "model.unavailable":
      return {
        title: "This model is not available",
        hint: "The model's file is missing on the server or could not be loaded. An administrator can put its GGUF file in the server's models folder; meanwhile, pick another model.",
      };
    case "model.downloading":
      return {
        title: "The model is being downloaded",
        hint: "It can answer once the download has finished; try again in a moment.",
      };
    case "model.busy":
      return {
        title: "The model is busy",
        hint: "Many people are asking right now. Try again in a few seconds.",
      };
    case "model.invalid_file":
      return {
        title: "The model file is damaged",
        hint: "An administrator needs to download the model again.",
      };
    case "model.download_failed":
    case "model.download_unauthorized":
      return {
        title: "The model could not be downloaded",
        hint: "An administrator can check the server's log and HF_TOKEN, then try again.",
      };
    case "model.remote_failed":
      return {
        title: "The model's server did not answer",
        hint: "The inference server behind this model failed; try again or pick another model.",
      };
    case "model.not_found":
      return {
        title: "Unknown model",
        hint: "The server no longer has this model. Reload the page to refresh the model list.",
      };
    case "generation.prompt_too_large":
      return {
        title: "The prompt is too long",
        hint: "Shorten the prompt, or split the task into smaller questions.",
      };
    case "explain.code_too_large":
      return {
        title: "The code is too long to explain at once",
        hint: "The model cannot read this much code in one go. Explain one function or part at a time.",
      };
    case "code.unsupported_language":
      return {
        title: "This language cannot be run",
        hint: "Only Python and JavaScript run in the sandbox; other code is checked for syntax only.",
      };
    case "code.too_large":
      return {
        title: "The code is too long to run",
        hint: "Run a smaller part of it.",
      };
    case "code.sandbox_unavailable":
      return {
        title: "The sandbox is not available",
        hint: "The server could not start a sandbox right now. Try again in a moment.",
      };
    case "history.not_found":
    case "conversation.not_found":
      return {
        title: "Not found",
        hint: "It may have been deleted. Reload the page to see your history as it is now.",
      };
    case "server.restarted":
      return {
        title: "The server stopped while answering",
        hint: "The part written before it stopped is kept. Ask again to get a whole answer.",
      };
    case "generation.failed":
      return {
        title: "The model failed while answering",
        hint: "Try again; if it keeps failing, try another model or tell an administrator.",
      };
    case "request.invalid":
      return {
        title: "Some fields are not valid",
        hint: "Check what you entered, then try again.",
      };
    case "rate_limited":
      return {
        title: "Too many requests",
        hint: `${waitHint(error)}.`,
      };
    case "server.shutting_down":
    case "server.not_ready":
      return {
        title: "The server is not ready",
        hint: "It is starting or restarting. Try again in a moment.",
      };
    case "request.malformed_json":
    case "request.too_large":
    case "request.unsupported_media_type":
    case "route.not_found":
    case "internal":
      return {
        title: "Something went wrong",
        hint: "This is a problem on our side, not with your prompt. Try again; if it persists, tell an administrator.",
      };
    case "auth.unauthenticated":
    case "auth.token_invalid":
    case "auth.token_expired":
    case "auth.session_revoked":
    case "auth.refresh_invalid":
      return {
        title: "Your session has ended",
        hint: "You were signed out, for example from another device or after a password change. Sign in again to continue.",
      };
    case "auth.invalid_credentials":
      return {
        title: "Wrong user id or password",
        hint: "Check both and try again. Forgot your password? You can reset it.",
      };
    case "auth.account_locked":
      return {
        title: "This account is locked for a while",
        hint: `There were too many failed sign-ins. ${waitHint(error)}, or reset your password.`,
      };
    case "auth.forbidden":
      return {
        title: "Not allowed",
        hint: "Your account cannot do this. Ask an administrator if you need it.",
      };
    case "auth.password_reset_required":
      return {
        title: "Choose a new password",
        hint: "An administrator asked you to set a new password. Use “Forgot password?” on the sign-in page, then sign in with it.",
      };
    case "auth.weak_password":
      return {
        title: "The password is too weak",
        hint: "Choose a longer password that is harder to guess, e.g. a few unrelated words.",
      };
    case "auth.username_taken":
      return { title: "This user id is taken", hint: "Choose another user id." };
    case "auth.email_taken":
      return {
        title: "This email already has an account",
        hint: "Sign in with it, or reset its password if you forgot it.",
      };
    case "auth.reset_invalid":
      return {
        title: "The code or answers did not work",
        hint: "They may be wrong or expired. Check them, or ask for a new code.",
      };
    case "auth.email_recovery_unavailable":
      return {
        title: "Email is not set up on this server",
        hint: "Answer your security questions instead, or ask an administrator.",
      };
    case "profile.password_incorrect":
      return { title: "Wrong current password", hint: "Enter the password you sign in with now." };
    case "profile.avatar_invalid":
      return {
        title: "This file is not a picture we accept",
        hint: "Use a PNG, JPEG, WebP or GIF image.",
      };
    case "profile.avatar_too_large":
      return { title: "The picture is too large", hint: "Use an image of at most 2 MB." };
    case "profile.no_avatar":
      return { title: "No picture uploaded", hint: "Upload a picture first, then choose it." };
    case "profile.avatar_not_uploaded":
      return { title: "No picture uploaded yet", hint: "Upload a picture first, then choose it." };
    case "profile.session_not_found":
      return {
        title: "That session is gone",
        hint: "It has already ended. Reload the list of sessions.",
      };
    case "admin.limit_reached":
      return {
        title: "There are already two administrators",
        hint: "Demote one of them first.",
      };
    case "admin.last_admin":
      return {
        title: "This is the last administrator",
        hint: "Promote someone else first, so the server always has an administrator.",
      };
    case "user.not_found":
      return { title: "No such user", hint: "The account may have been deleted. Reload the page." };
    case "auth.api_key_invalid":
      return {
        title: "This API key does not work here",
        hint: "API keys are for the OpenAI-compatible /v1 routes; in the web app, sign in instead.",
      };
    case "api_key.not_found":
      return { title: "That API key is gone", hint: "It was already revoked. Reload the list." };
    case "api_key.limit_reached":
      return {
        title: "You have too many API keys",
        hint: "Revoke a key you no longer use, then create the new one.",
      };
    case "client.network":
      return {
        title: "Cannot reach the server",
        hint: "Check your connection and that the CodeGenie server is running, then try again.",
      };
    case "client.stream_interrupted":
      return {
        title: "The answer was cut off",
        hint: "The connection closed before the answer finished. The text received so far is kept below.",
      };
    case "client.unexpected_response":
      return {
        title: "Unexpected answer from the server",
        hint: "The server and this page may be different versions. Reload the page and try again.",
      };
  }
}

function waitHint(error: ApiError): string {
  return error.retryAfterSeconds === undefined
    ? "Wait a moment and try again"
    : `Try again in ${formatWait(error.retryAfterSeconds)}`;
}
