import type { DownloadProgress } from "./hf-download";

/** Least time between two progress reports, in milliseconds. */
const REPORT_INTERVAL_MS = 200;
/** Weight of the newest speed sample in the moving average (0…1). */
const SMOOTHING = 0.3;

/**
 * Turns byte counts into throttled progress reports with a smoothed speed. Bytes that were
 * already on disk when a transfer started (a resume) do not count as speed.
 */
export class ProgressMeter {
  readonly #report: ((progress: DownloadProgress) => void) | undefined;
  #totalBytes: number | null = null;
  #downloadedBytes = 0;
  #bytesPerSecond: number | null = null;
  #lastSample = { at: 0, bytes: 0 };
  #lastReportAt = 0;
  #trailing: NodeJS.Timeout | undefined;

  constructor(report: ((progress: DownloadProgress) => void) | undefined) {
    this.#report = report;
  }

  /** A transfer starts with `downloadedBytes` already on disk, out of `totalBytes`. */
  start(downloadedBytes: number, totalBytes: number | null): void {
    this.#downloadedBytes = downloadedBytes;
    this.#totalBytes = totalBytes;
    this.#lastSample = { at: performance.now(), bytes: downloadedBytes };
    this.#emit();
  }

  /** `downloadedBytes` are on disk now. */
  update(downloadedBytes: number): void {
    this.#downloadedBytes = downloadedBytes;
    const now = performance.now();
    const wait = REPORT_INTERVAL_MS - (now - this.#lastReportAt);
    if (wait > 0) {
      // Report the latest count later, even if no more bytes come (a stalled connection).
      this.#trailing ??= setTimeout(() => {
        this.#trailing = undefined;
        this.update(this.#downloadedBytes);
      }, wait).unref();
      return;
    }
    const seconds = (now - this.#lastSample.at) / 1000;
    if (seconds > 0) {
      const speed = (downloadedBytes - this.#lastSample.bytes) / seconds;
      this.#bytesPerSecond =
        this.#bytesPerSecond === null
          ? speed
          : SMOOTHING * speed + (1 - SMOOTHING) * this.#bytesPerSecond;
    }
    this.#lastSample = { at: now, bytes: downloadedBytes };
    this.#emit();
  }

  /** A transfer ended or failed: reports the latest count now, and nothing later. */
  flush(): void {
    clearTimeout(this.#trailing);
    this.#trailing = undefined;
    this.#emit();
  }

  /** The file is complete with `bytes`. */
  finish(bytes: number): void {
    clearTimeout(this.#trailing);
    this.#trailing = undefined;
    this.#downloadedBytes = bytes;
    this.#totalBytes = bytes;
    this.#emit();
  }

  #emit(): void {
    this.#lastReportAt = performance.now();
    this.#report?.({
      downloadedBytes: this.#downloadedBytes,
      totalBytes: this.#totalBytes,
      bytesPerSecond: this.#bytesPerSecond,
    });
  }
}
