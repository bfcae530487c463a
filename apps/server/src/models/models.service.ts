import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { LlmError, localModelFile, type ModelDefinition } from "@codegenie/llm";
import { checkGgufFile } from "@codegenie/llm/download";
import type { TModelSummary } from "@codegenie/shared";
import { AppError } from "../errors";
import { type ModelDownloadsService, toDownloadError } from "./model-downloads.service";

/** After a failed automatic download, requests report the failure this long before retrying. */
const AUTO_RETRY_AFTER_MS = 60_000;
/** Retry-After of a 503 model.downloading, in seconds (the web app polls every 2 s anyway). */
const DOWNLOADING_RETRY_AFTER_SECONDS = 5;

/** How the models service gets missing weights. */
export interface ModelDownloadSettings {
  downloads: ModelDownloadsService;
  /** Start a missing hf model's download on its first request (CODEGENIE_AUTO_DOWNLOAD). */
  isAutoDownloadOn: boolean;
}

/** The result of checking a local file, for one size and modification time of it. */
interface FileCheck {
  stamp: string;
  error: AppError | undefined;
}

/**
 * The models this server offers, as read from the models file at start-up: their status
 * (downloaded, downloading), starting downloads of missing ones, and refusing files that are not
 * whole GGUF models.
 */
export class ModelsService {
  readonly #models: ReadonlyMap<string, ModelDefinition>;
  #download: ModelDownloadSettings | undefined;
  readonly #fileChecks = new Map<string, FileCheck>();

  constructor(models: readonly ModelDefinition[], download?: ModelDownloadSettings) {
    this.#models = new Map(models.map((model) => [model.id, model]));
    this.#download = download;
  }

  /** Lets missing models be downloaded (the models feature wires this when it starts). */
  useDownloads(download: ModelDownloadSettings): void {
    this.#download = download;
  }

  /** The downloads of this server, when they are on. */
  get downloads(): ModelDownloadsService | undefined {
    return this.#download?.downloads;
  }

  /** Every model, with whether it can answer now and the progress of its download. */
  list(): TModelSummary[] {
    return [...this.#models.values()].map((model) => {
      const isAvailable = isOnDisk(model);
      const download = this.#download?.downloads.state(model.id);
      const isDownloading = !isAvailable && download?.status === "downloading";
      return {
        id: model.id,
        name: model.name,
        promptFormat: model.promptFormat,
        description: model.description,
        task: model.task,
        contextSize: model.contextSize,
        engine: model.source.kind === "openai" ? "remote" : "embedded",
        status: isAvailable ? "ready" : isDownloading ? "downloading" : "not_downloaded",
        isDownloadable: model.source.kind === "hf",
        isAvailable,
        download: isDownloading ? download.progress : null,
        defaultSampling: model.defaultSampling,
      };
    });
  }

  /** The model with this id; throws 404 model.not_found listing the ids. */
  require(id: string): ModelDefinition {
    const model = this.#models.get(id);
    if (model) return model;
    const available = [...this.#models.keys()];
    throw new AppError(
      "model.not_found",
      `There is no model "${id}". Available models: ${available.join(", ") || "none"}.`,
      { available },
    );
  }

  /**
   * The model with this id, ready to serve. Throws 404 model.not_found, 422 model.invalid_file
   * (its file is not a whole GGUF model), or, when its file is missing: 503 model.downloading
   * with `{ progress }` (a download runs, or starts now when automatic downloads are on), the
   * error of its last failed download, or 503 model.unavailable saying how to get the weights.
   */
  requireAvailable(id: string): ModelDefinition {
    const model = this.require(id);
    const file = localModelFile(model);
    if (file === undefined) return model;
    if (existsSync(file)) {
      this.#refuseInvalidFile(file);
      return model;
    }
    if (model.source.kind !== "hf" || this.#download === undefined) {
      throw new AppError(
        "model.unavailable",
        `The model "${id}" is not downloaded yet. An administrator can put its GGUF file in the models folder, or list another file for it in the models file (see docs/configuration.md).`,
        { model: id },
      );
    }
    const { downloads, isAutoDownloadOn } = this.#download;
    const state = downloads.state(id);
    if (state?.status === "failed" && Date.now() - state.failedAt < AUTO_RETRY_AFTER_MS) {
      throw state.error;
    }
    if (state?.status !== "downloading" && !isAutoDownloadOn) {
      throw new AppError(
        "model.unavailable",
        `The model "${id}" is not downloaded yet. An administrator can download its GGUF file with \`codegenie models pull ${id}\` or the Download button in the model list.`,
        { model: id, command: `codegenie models pull ${id}` },
      );
    }
    if (state?.status !== "downloading") void downloads.pull(model).catch(() => {});
    const progress = downloads.state(id);
    throw new AppError(
      "model.downloading",
      `The model "${id}" is being downloaded; try again when it is ready.`,
      { progress: progress?.status === "downloading" ? progress.progress : null },
    ).withRetryAfter(DOWNLOADING_RETRY_AFTER_SECONDS);
  }

  /**
   * Downloads a model from its hub, or joins its download already running; `onProgress` hears
   * its progress. Resolves at once when the file is already there. Throws 404 model.not_found,
   * 503 model.unavailable for a model that is not downloaded from a hub, and the download's
   * errors (model.download_unauthorized, model.download_failed, model.invalid_file).
   */
  async pull(
    id: string,
    onProgress?: Parameters<ModelDownloadsService["pull"]>[1],
  ): Promise<{ bytes: number }> {
    const model = this.require(id);
    const file = localModelFile(model);
    if (model.source.kind !== "hf" || file === undefined) {
      throw new AppError(
        "model.unavailable",
        `The model "${id}" is not downloaded from Hugging Face: ${model.source.kind === "openai" ? "it runs on a remote server" : "its file is configured in the models file"}.`,
        { model: id },
      );
    }
    if (existsSync(file)) return { bytes: statSync(file).size };
    if (this.#download === undefined) throw new AppError("model.unavailable");
    try {
      return await this.#download.downloads.pull(model, onProgress);
    } catch (error) {
      throw toDownloadError(error);
    }
  }

  /**
   * Deletes a downloaded model's file and any partial download. Only hf models: a file the
   * models file points at belongs to whoever put it there. Resolves with whether a file was there.
   */
  async remove(id: string): Promise<boolean> {
    const model = this.require(id);
    if (model.source.kind !== "hf") {
      throw new AppError(
        "model.unavailable",
        `The model "${id}" was not downloaded by CodeGenie; remove it from the models file instead.`,
        { model: id },
      );
    }
    if (this.downloads?.state(id)?.status === "downloading") {
      throw new AppError("model.downloading", `The model "${id}" is downloading; try again after.`);
    }
    const file = model.source.localFile;
    const wasThere = existsSync(file) || existsSync(`${file}.partial`);
    await rm(file, { force: true });
    await rm(`${file}.partial`, { force: true });
    return wasThere;
  }

  /**
   * Checks every model file on disk in the background, so requests can refuse a corrupt or
   * truncated one before the engine tries it. Resolves when all are checked.
   */
  async checkFiles(): Promise<void> {
    const files = [...this.#models.values()].map(localModelFile);
    await Promise.all(
      files.map((file) => (file && existsSync(file) ? this.#checkFile(file) : undefined)),
    );
  }

  /** Throws 422 model.invalid_file when the file is known to be bad, or is not a GGUF at all. */
  #refuseInvalidFile(file: string): void {
    const stamp = fileStamp(file);
    if (stamp === undefined) return;
    const known = this.#fileChecks.get(file);
    if (known?.stamp === stamp) {
      if (known.error) throw known.error;
      return;
    }
    // The magic is checked at once; the whole layout (truncation) in the background, and a
    // file the engine cannot load also fails as model.invalid_file there.
    if (!hasGgufMagic(file)) {
      const error = new AppError(
        "model.invalid_file",
        `The model file ${path.basename(file)} is not a GGUF model. Replace it, or remove it and download it again.`,
      );
      this.#fileChecks.set(file, { stamp, error });
      throw error;
    }
    void this.#checkFile(file);
  }

  /** Records whether the file is a whole GGUF model; never rejects. */
  async #checkFile(file: string): Promise<void> {
    const stamp = fileStamp(file);
    if (stamp === undefined) return;
    // Until the check ends, this version of the file counts as good: one check at a time.
    this.#fileChecks.set(file, { stamp, error: undefined });
    try {
      await checkGgufFile(file);
    } catch (error) {
      if (error instanceof LlmError && error.kind === "invalid-file") {
        this.#fileChecks.set(file, { stamp, error: toDownloadError(error) });
      } else {
        // Not the file's fault (it vanished, no permission): check again next time.
        this.#fileChecks.delete(file);
      }
    }
  }
}

/** Remote models are always "on disk": their server has the weights. */
function isOnDisk(model: ModelDefinition): boolean {
  const file = localModelFile(model);
  return file === undefined || existsSync(file);
}

/** Size and modification time, which change when the file is replaced; undefined when gone. */
function fileStamp(file: string): string | undefined {
  try {
    const { size, mtimeMs } = statSync(file);
    return `${size}:${mtimeMs}`;
  } catch {
    return undefined;
  }
}

function hasGgufMagic(file: string): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(file, "r");
  } catch {
    // Unreadable here: let the engine say why when it loads it.
    return true;
  }
  try {
    const magic = Buffer.alloc(4);
    readSync(descriptor, magic, 0, 4, 0);
    return magic.toString("latin1") === "GGUF";
  } finally {
    closeSync(descriptor);
  }
}
