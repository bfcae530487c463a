/** What went wrong in the model layer; the server maps each kind to an error code. */
export type LlmErrorKind =
  | "model-file-missing"
  | "model-load-failed"
  | "prompt-too-long"
  | "generation-failed"
  /** A remote inference server failed; `details.endpoints` says which, and how. */
  | "remote-failed"
  /** The file is not a usable GGUF model (bad magic or version, corrupt or truncated). */
  | "invalid-file"
  /** The model hub refused the download (401/403): no token, a wrong one, or a gated model. */
  | "download-unauthorized"
  /** The download failed: not found, network, size or checksum mismatch. */
  | "download-failed";

/** An error of the model layer with a kind the server can branch on. */
export class LlmError extends Error {
  override name = "LlmError";
  readonly kind: LlmErrorKind;
  /** Facts a client may see (never secrets), e.g. the remote endpoints that failed. */
  readonly details: unknown;

  constructor(
    kind: LlmErrorKind,
    message: string,
    options?: { cause?: unknown; details?: unknown },
  ) {
    super(message, options);
    this.kind = kind;
    this.details = options?.details;
  }
}
