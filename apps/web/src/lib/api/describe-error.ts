import type { ApiError } from "./api-error";

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
        hint: "The model's file is missing on the server or could not be loaded. An administrator can download it (codegenie models pull); meanwhile, pick another model.",
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
    case "generation.failed":
      return {
        title: "The model failed while answering",
        hint: "Try again; if it keeps failing, try another model or tell an administrator.",
      };
    case "request.invalid":
      return {
        title: "Some settings are not valid",
        hint: "Check the prompt and the advanced settings, then try again.",
      };
    case "rate_limited":
      return {
        title: "Too many requests",
        hint: "Wait a moment, then try again.",
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
