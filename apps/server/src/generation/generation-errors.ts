import { LlmError } from "@codegenie/llm";
import { AppError } from "../errors";

/** An engine failure as the AppError the API answers with; AppErrors pass through. */
export function toGenerationError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof LlmError)) return new AppError("generation.failed");
  switch (error.kind) {
    case "model-file-missing":
    case "model-load-failed":
    case "model-too-large":
      return new AppError("model.unavailable", error.message);
    case "busy":
      return new AppError("model.busy", error.message).withRetryAfter(error.retryAfterSeconds ?? 1);
    case "prompt-too-long":
      return new AppError("generation.prompt_too_large", error.message);
    case "generation-failed":
      return new AppError("generation.failed", error.message);
    case "remote-failed":
      return new AppError("model.remote_failed", error.message, error.details);
    case "invalid-file":
      return new AppError("model.invalid_file", error.message);
    case "download-unauthorized":
      return new AppError("model.download_unauthorized", error.message);
    case "download-failed":
      return new AppError("model.download_failed", error.message);
  }
}
