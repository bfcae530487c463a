/** What went wrong in the model layer; the server maps each kind to an error code. */
export type LlmErrorKind =
  | "model-file-missing"
  | "model-load-failed"
  /** The model alone needs more memory than the configured budget. */
  | "model-too-large"
  /** The file is not a usable GGUF model (corrupt, truncated, wrong format). */
  | "invalid-file"
  | "download-failed"
  /** The hub refused the download: a token is missing or has no access (gated model). */
  | "download-unauthorized"
  | "prompt-too-long"
  /** Every parallel sequence is busy and the queue is full; see `retryAfterSeconds`. */
  | "busy"
  | "generation-failed"
  /** Every endpoint of a remote model failed; `details.endpoints` says which and how. */
  | "remote-failed";

/** An error of the model layer with a kind the server can branch on. */
export class LlmError extends Error {
  override name = "LlmError";
  readonly kind: LlmErrorKind;
  /** Structured facts for the client (e.g. which endpoints failed). */
  readonly details: unknown;
  /** For `busy`: seconds after which a retry is likely to be admitted. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: LlmErrorKind,
    message: string,
    options?: { cause?: unknown; details?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.kind = kind;
    this.details = options?.details;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}
