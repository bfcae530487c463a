import { LlmError, type ModelDefinition } from "@codegenie/llm";
import { type DownloadProgress, downloadFromHf } from "@codegenie/llm/download";
import type { TDownloadProgress } from "@codegenie/shared";
import type { FastifyBaseLogger } from "fastify";
import { AppError } from "../errors";

/** Where and how models are downloaded. */
export interface ModelDownloadsOptions {
  /** Hub address (HF_ENDPOINT). */
  endpoint: string;
  /** HF_TOKEN, for gated models. */
  token: string | undefined;
  /** Where starts, ends and failures are logged. */
  logger: Pick<FastifyBaseLogger, "info" | "warn">;
}

/** A download now, or the last one that failed. */
export type DownloadState =
  | { status: "downloading"; progress: TDownloadProgress }
  | { status: "failed"; error: AppError; failedAt: number };

/** Someone following a download. */
export type ProgressListener = (progress: TDownloadProgress) => void;

interface RunningDownload {
  progress: TDownloadProgress;
  listeners: Set<ProgressListener>;
  done: Promise<{ bytes: number }>;
}

/**
 * Owns the model downloads of this server: at most one per model at a time, shared by every
 * caller (an admin's pull, a CLI pull, the first request for a missing model), each of whom
 * follows its progress. A failure is remembered so requests can say why; the next start retries.
 * A caller who stops following (a closed page) does not stop the download: only `abortAll`
 * (shutdown) does, leaving the partial file to resume.
 */
export class ModelDownloadsService {
  readonly #options: ModelDownloadsOptions;
  readonly #running = new Map<string, RunningDownload>();
  readonly #failed = new Map<string, { error: AppError; failedAt: number }>();
  readonly #shutdown = new AbortController();

  constructor(options: ModelDownloadsOptions) {
    this.#options = options;
  }

  /** The running or failed download of a model, if any. */
  state(modelId: string): DownloadState | undefined {
    const running = this.#running.get(modelId);
    if (running) return { status: "downloading", progress: running.progress };
    const failed = this.#failed.get(modelId);
    return failed ? { status: "failed", ...failed } : undefined;
  }

  /** Whether any model is downloading now. */
  get isDownloading(): boolean {
    return this.#running.size > 0;
  }

  /**
   * Starts downloading `model` (an hf source), or joins the download already running. Resolves
   * when the verified file is in place; rejects with an AppError (model.download_unauthorized,
   * model.download_failed, model.invalid_file, server.shutting_down). `onProgress` hears each
   * progress report until then.
   */
  pull(model: ModelDefinition, onProgress?: ProgressListener): Promise<{ bytes: number }> {
    const running = this.#running.get(model.id) ?? this.#start(model);
    if (onProgress) {
      running.listeners.add(onProgress);
      onProgress(running.progress);
      const stop = () => running.listeners.delete(onProgress);
      running.done.then(stop, stop);
    }
    return running.done;
  }

  /** Stops every download (shutdown); their partial files stay for the next run. */
  abortAll(): void {
    this.#shutdown.abort(new AppError("server.shutting_down"));
  }

  #start(model: ModelDefinition): RunningDownload {
    const { source } = model;
    if (source.kind !== "hf") {
      throw new AppError(
        "model.unavailable",
        `The model "${model.id}" is not downloaded from a hub.`,
      );
    }
    const { logger } = this.#options;
    const running: RunningDownload = {
      progress: { downloadedBytes: 0, totalBytes: null, bytesPerSecond: null },
      listeners: new Set(),
      done: Promise.resolve({ bytes: 0 }),
    };
    const report = (progress: DownloadProgress) => {
      running.progress = progress;
      for (const listener of running.listeners) listener(progress);
    };
    this.#failed.delete(model.id);
    this.#running.set(model.id, running);
    logger.info(
      { model: model.id, repo: source.repo, file: source.file },
      "model download started",
    );

    running.done = downloadFromHf({
      endpoint: this.#options.endpoint,
      token: this.#options.token,
      repo: source.repo,
      file: source.file,
      revision: source.revision,
      destination: source.localFile,
      signal: this.#shutdown.signal,
      onProgress: report,
    }).then(
      (result) => {
        this.#running.delete(model.id);
        logger.info(
          {
            model: model.id,
            bytes: result.bytes,
            sha256: result.sha256,
            isChecksumVerified: result.isChecksumVerified,
          },
          "model download finished",
        );
        return { bytes: result.bytes };
      },
      (error: unknown) => {
        this.#running.delete(model.id);
        const appError = toDownloadError(error);
        if (appError.code !== "server.shutting_down") {
          this.#failed.set(model.id, { error: appError, failedAt: Date.now() });
          logger.warn({ err: error, model: model.id }, "model download failed");
        }
        throw appError;
      },
    );
    // Followers may all have gone; the outcome is recorded above either way.
    running.done.catch(() => {});
    return running;
  }
}

/** The API error of a failed download. */
export function toDownloadError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof LlmError)) {
    return new AppError("model.download_failed", `The download failed: ${String(error)}`);
  }
  switch (error.kind) {
    case "download-unauthorized":
      return new AppError("model.download_unauthorized", error.message);
    case "invalid-file":
      return new AppError("model.invalid_file", error.message);
    default:
      return new AppError("model.download_failed", error.message);
  }
}
