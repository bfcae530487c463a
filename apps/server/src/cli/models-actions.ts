import { loadModelRegistry } from "@codegenie/llm";
import type { TDownloadProgress } from "@codegenie/shared";
import { loadConfig } from "../config/config";
import { ModelDownloadsService } from "../models/model-downloads.service";
import { ModelsService } from "../models/models.service";
import type { CliOutput } from "./cli-io";

/** The models of the configuration the server reads (models file, MODELS_DIR, HF_*). */
async function openModels(): Promise<ModelsService> {
  const config = loadConfig();
  const registry = await loadModelRegistry({
    modelsFile: config.models.modelsFile,
    modelsDir: config.models.modelsDir,
  });
  const downloads = new ModelDownloadsService({
    endpoint: config.huggingFace.endpoint,
    token: config.huggingFace.token,
    // The command says what happens itself; only failures' causes are worth a line.
    logger: { info: () => {}, warn: () => {} },
  });
  return new ModelsService(registry, { downloads, isAutoDownloadOn: false });
}

/** `codegenie models list [--json]`. */
export async function listModels(options: { json?: boolean }, output: CliOutput): Promise<void> {
  const models = (await openModels()).list();
  if (options.json) {
    output.out(`${JSON.stringify(models, null, 2)}\n`);
    return;
  }
  const rows = models.map((model) => [model.id, model.status, model.engine, model.name]);
  const widths = [0, 1, 2].map((column) =>
    Math.max(...[["ID", "STATUS", "ENGINE"], ...rows].map((row) => row[column]?.length ?? 0)),
  );
  for (const row of [["ID", "STATUS", "ENGINE", "NAME"], ...rows]) {
    output.out(`${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ")}\n`);
  }
}

/** `codegenie models pull <id>`: downloads with a progress line on standard error. */
export async function pullModel(id: string, output: CliOutput): Promise<void> {
  const models = await openModels();
  const progressLine = new ProgressLine(output, Boolean(process.stderr.isTTY));
  const started = performance.now();
  const { bytes } = await models.pull(id, (progress) => progressLine.update(progress));
  progressLine.end();
  const seconds = (performance.now() - started) / 1000;
  output.out(`Downloaded ${id} (${formatBytes(bytes)}) in ${seconds.toFixed(1)} s.\n`);
}

/** `codegenie models remove <id>`. */
export async function removeModel(id: string, output: CliOutput): Promise<void> {
  const wasThere = await (await openModels()).remove(id);
  output.out(wasThere ? `Removed the files of ${id}.\n` : `${id} was not downloaded.\n`);
}

/**
 * One line of progress: percent, bytes, speed and time left. On a terminal it redraws in place;
 * otherwise (a log) it writes a line every tenth of the way.
 */
class ProgressLine {
  readonly #output: CliOutput;
  readonly #isTerminal: boolean;
  #lastTenth = -1;
  #hasDrawn = false;

  constructor(output: CliOutput, isTerminal: boolean) {
    this.#output = output;
    this.#isTerminal = isTerminal;
  }

  update({ downloadedBytes, totalBytes, bytesPerSecond }: TDownloadProgress): void {
    const fraction = totalBytes ? downloadedBytes / totalBytes : null;
    const parts = [
      fraction === null ? "" : `${bar(fraction)} ${(fraction * 100).toFixed(0).padStart(3)}%`,
      totalBytes
        ? `${formatBytes(downloadedBytes)} / ${formatBytes(totalBytes)}`
        : formatBytes(downloadedBytes),
      bytesPerSecond ? `${formatBytes(bytesPerSecond)}/s` : "",
      bytesPerSecond && totalBytes
        ? `ETA ${formatDuration((totalBytes - downloadedBytes) / bytesPerSecond)}`
        : "",
    ];
    const line = parts.filter(Boolean).join("  ");
    if (this.#isTerminal) {
      this.#output.err(`\r${line}\u001b[K`);
      this.#hasDrawn = true;
      return;
    }
    const tenth = fraction === null ? 0 : Math.floor(fraction * 10);
    if (tenth === this.#lastTenth) return;
    this.#lastTenth = tenth;
    this.#output.err(`${line}\n`);
  }

  end(): void {
    if (this.#isTerminal && this.#hasDrawn) this.#output.err("\n");
  }
}

function bar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

/** `1.5 GiB`, `12.0 MiB`, `800 B`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value.toFixed(0)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `1h02m`, `3m05s`, `42s`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, "0")}s`;
  return `${rest}s`;
}
