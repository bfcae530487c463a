/** What went wrong in the model layer; the server maps each kind to an error code. */
export type LlmErrorKind =
  | "model-file-missing"
  | "model-load-failed"
  | "prompt-too-long"
  | "generation-failed";

/** An error of the model layer with a kind the server can branch on. */
export class LlmError extends Error {
  override name = "LlmError";
  readonly kind: LlmErrorKind;

  constructor(kind: LlmErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}
