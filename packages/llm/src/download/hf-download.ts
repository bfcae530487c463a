import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat, truncate } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { lock } from "proper-lockfile";
import { LlmError } from "../errors";
import { checkGgufFile } from "./gguf-file-check";
import { parseContentRange, parseLength, parseSha256, parseUnsatisfiedRange } from "./hub-headers";
import { ProgressMeter } from "./progress-meter";

/** Progress of a download, reported a few times a second and once at the end. */
export interface DownloadProgress {
  downloadedBytes: number;
  /** Null until the server said the size. */
  totalBytes: number | null;
  /** Smoothed over the last seconds; null before the first measurement. */
  bytesPerSecond: number | null;
}

/** What to download from a Hugging Face hub (or a mirror), and where to. */
export interface HfDownloadOptions {
  /** Hub address, e.g. `https://huggingface.co` (HF_ENDPOINT). */
  endpoint: string;
  /** `owner/name`. */
  repo: string;
  /** Path of the file in the repository. */
  file: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** HF_TOKEN; sent only to the hub's own origin, never to the CDN it redirects to. */
  token?: string | undefined;
  /** Absolute path the verified file is renamed to; `<destination>.partial` holds it meanwhile. */
  destination: string;
  /** Aborting stops the download and keeps the partial file for a later resume. */
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Times a dropped connection is resumed before giving up; default 3. */
  retries?: number;
}

/** A downloaded and verified model file. */
export interface HfDownloadResult {
  path: string;
  bytes: number;
  /** Hex sha256 of the file; checked against the hub's when the hub published one. */
  sha256: string;
  /** Whether the hub published the checksum (LFS files do). */
  isChecksumVerified: boolean;
}

const MAX_REDIRECTS = 10;
const RETRY_DELAY_MS = 500;
/** A download lock not refreshed for this long belongs to a killed process and is taken over. */
const LOCK_STALE_MS = 30_000;
/** How often the holder refreshes its lock's mtime, in milliseconds. */
const LOCK_UPDATE_MS = 10_000;
/** How often a waiting download tries the lock again, in milliseconds. */
const LOCK_POLL_MS = 1_000;

/** What the hub says about the file, from any response of the redirect chain. */
interface Expected {
  size: number | null;
  sha256: string | null;
}

/**
 * Downloads `repo/file` from `${endpoint}/${repo}/resolve/${revision}/${file}` (following the
 * hub's redirect to its CDN) into `<destination>.partial`, resuming that file with a Range
 * request when it exists and the server honours ranges (206 with a matching Content-Range; else
 * it starts over). Before renaming into place it checks the size (Content-Length/Content-Range
 * and the hub's `x-linked-size`), the sha256 the hub publishes (`x-linked-etag`, or an ETag
 * that is a sha256) and that the file is a whole GGUF model, so `destination` never holds a half
 * or wrong file. Throws LlmError `download-unauthorized` (401/403), `download-failed`, or
 * `invalid-file`; when `signal` aborts, throws its reason and leaves only the partial file.
 *
 * One download of a destination at a time, across processes (server replicas sharing
 * MODELS_DIR, the CLI beside the server): it holds the lock `<destination>.lock` throughout.
 * A caller that finds it held waits, reporting the growth of the other process's partial file
 * as its progress (total unknown), and when it gets the lock and the destination is there,
 * checks that file against the hub instead of downloading it again.
 */
export async function downloadFromHf(options: HfDownloadOptions): Promise<HfDownloadResult> {
  await mkdir(path.dirname(options.destination), { recursive: true });
  const meter = new ProgressMeter(options.onProgress);
  const lockLost = new AbortController();
  const release = await lockDestination(options, meter, (error) =>
    lockLost.abort(
      new LlmError(
        "download-failed",
        `${describe(options)}: lost the lock ${lockPathOf(options)} (${error.message}); another process may take the download over, try again.`,
        { cause: error },
      ),
    ),
  );
  const signal = options.signal
    ? AbortSignal.any([options.signal, lockLost.signal])
    : lockLost.signal;
  const locked = { ...options, signal };
  try {
    if ((await fileSize(options.destination)) > 0) return await checkFinished(locked, meter);
    return await download(locked, meter);
  } finally {
    // Already gone when the lock was lost: nothing left to release.
    await release().catch(() => {});
  }
}

/** The download itself; the caller holds the destination's lock. */
async function download(
  options: HfDownloadOptions,
  meter: ProgressMeter,
): Promise<HfDownloadResult> {
  const partialPath = `${options.destination}.partial`;
  const retries = options.retries ?? 3;

  let expected: Expected = { size: null, sha256: null };
  for (let attempt = 0; ; attempt += 1) {
    options.signal?.throwIfAborted();
    try {
      expected = await transferOnce(options, partialPath, meter);
      break;
    } catch (error) {
      const isRetryable = error instanceof ConnectionDropped && attempt < retries;
      if (!isRetryable || options.signal?.aborted) throw toDownloadError(error, options);
      await delay(RETRY_DELAY_MS * (attempt + 1), options.signal);
    }
  }

  const bytes = (await stat(partialPath)).size;
  if (expected.size !== null && bytes !== expected.size) {
    await rm(partialPath, { force: true });
    throw new LlmError(
      "download-failed",
      `${describe(options)}: got ${bytes} bytes but the hub says the file has ${expected.size}; the partial file was removed, try again.`,
    );
  }
  const sha256 = await hashFile(partialPath);
  if (expected.sha256 !== null && sha256 !== expected.sha256) {
    await rm(partialPath, { force: true });
    throw new LlmError(
      "download-failed",
      `${describe(options)}: the file's sha256 is ${sha256} but the hub publishes ${expected.sha256}; the download was corrupted and removed, try again.`,
    );
  }
  try {
    await checkGgufFile(partialPath);
  } catch (error) {
    await rm(partialPath, { force: true });
    throw error;
  }
  await rename(partialPath, options.destination);
  meter.finish(bytes);
  return {
    path: options.destination,
    bytes,
    sha256,
    isChecksumVerified: expected.sha256 !== null,
  };
}

/**
 * Takes `<destination>.lock`, waiting while another process holds it. A holder refreshes the
 * lock's mtime every LOCK_UPDATE_MS; one that was killed stops doing so, and after LOCK_STALE_MS
 * its lock is taken over. `onLost` hears when this process's lock is taken over all the same
 * (it could not refresh it in time).
 */
async function lockDestination(
  options: HfDownloadOptions,
  meter: ProgressMeter,
  onLost: (error: Error) => void,
): Promise<() => Promise<void>> {
  const lockOptions = {
    realpath: false,
    lockfilePath: lockPathOf(options),
    stale: LOCK_STALE_MS,
    update: LOCK_UPDATE_MS,
    onCompromised: onLost,
  };
  let isWaiting = false;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      return await lock(options.destination, lockOptions);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") {
        throw new LlmError(
          "download-failed",
          `${describe(options)}: cannot take the lock ${lockPathOf(options)} (${(error as Error).message}).`,
          { cause: error },
        );
      }
    }
    // Another process is downloading this file: its progress is the best there is to show.
    const otherBytes = await fileSize(`${options.destination}.partial`);
    if (isWaiting) meter.update(otherBytes);
    else meter.start(otherBytes, null);
    isWaiting = true;
    await delay(LOCK_POLL_MS, options.signal);
  }
}

function lockPathOf(options: HfDownloadOptions): string {
  return `${options.destination}.lock`;
}

/**
 * The destination is there already (another process finished it while this one waited): asks
 * the hub for its size and checksum (a Range request past the end, so no bytes come) and
 * returns the file when it matches, instead of downloading it again.
 */
async function checkFinished(
  options: HfDownloadOptions,
  meter: ProgressMeter,
): Promise<HfDownloadResult> {
  const bytes = (await stat(options.destination)).size;
  const { response, expected } = await request(options, bytes);
  await response.body?.cancel();
  const sha256 = await hashFile(options.destination);
  const isHubFile = (expected.size ?? bytes) === bytes && (expected.sha256 ?? sha256) === sha256;
  if (!isHubFile) {
    throw new LlmError(
      "download-failed",
      `${describe(options)}: ${options.destination} exists but is not the hub's file (${bytes} bytes, sha256 ${sha256}); remove it and download again.`,
    );
  }
  await checkGgufFile(options.destination);
  meter.finish(bytes);
  return {
    path: options.destination,
    bytes,
    sha256,
    isChecksumVerified: expected.sha256 !== null,
  };
}

/** The hub URL of a file. */
export function hfResolveUrl(endpoint: string, repo: string, revision: string, file: string) {
  const base = endpoint.endsWith("/") ? endpoint.slice(0, -1) : endpoint;
  const filePath = file.split("/").map(encodeURIComponent).join("/");
  return `${base}/${repo}/resolve/${encodeURIComponent(revision)}/${filePath}`;
}

/** The body ended before the announced size (a dropped connection): resumable. */
class ConnectionDropped extends Error {
  override name = "ConnectionDropped";
}

/** One request (with its redirects) appending to the partial file. Returns what the hub said. */
async function transferOnce(
  options: HfDownloadOptions,
  partialPath: string,
  meter: ProgressMeter,
): Promise<Expected> {
  const offset = await fileSize(partialPath);
  let { response, expected } = await request(options, offset);

  let append = false;
  if (offset > 0 && response.status === 416) {
    // Nothing left after `offset`: the partial file may already be whole.
    const total = parseUnsatisfiedRange(response.headers.get("content-range"));
    await response.body?.cancel();
    if (total === offset) {
      meter.start(offset, total);
      return { size: expected.size ?? total, sha256: expected.sha256 };
    }
    await truncate(partialPath, 0);
    ({ response, expected } = await request(options, 0));
  } else if (offset > 0 && response.status === 206) {
    const range = parseContentRange(response.headers.get("content-range"));
    append = range !== null && range.start === offset;
    if (!append) {
      await response.body?.cancel();
      await truncate(partialPath, 0);
      ({ response, expected } = await request(options, 0));
    }
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new LlmError(
      "download-failed",
      `${describe(options)}: the server answered ${response.status} ${response.statusText}.`,
    );
  }

  const start = append ? offset : 0;
  const total = append
    ? parseContentRange(response.headers.get("content-range"))?.total
    : parseLength(response.headers.get("content-length"));
  const size = expected.size ?? total ?? null;
  if (expected.size !== null && total != null && expected.size !== total) {
    await response.body.cancel();
    throw new LlmError(
      "download-failed",
      `${describe(options)}: the hub says ${expected.size} bytes but the download server sends ${total}.`,
    );
  }

  meter.start(start, size);
  let received = start;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      meter.update(received);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      counter,
      createWriteStream(partialPath, { flags: append ? "a" : "w" }),
      { signal: options.signal },
    );
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new ConnectionDropped(`the connection dropped after ${received} bytes`, {
      cause: error,
    });
  } finally {
    meter.flush();
  }
  if (size !== null && received < size) {
    throw new ConnectionDropped(`the connection closed after ${received} of ${size} bytes`);
  }
  return { size, sha256: expected.sha256 };
}

/**
 * GETs the file, following redirects by hand so that the token goes only to the hub's origin
 * and the hub's `x-linked-*` headers on the redirect are kept.
 */
async function request(
  options: HfDownloadOptions,
  offset: number,
): Promise<{ response: Response; expected: Expected }> {
  const revision = options.revision ?? "main";
  let url = new URL(hfResolveUrl(options.endpoint, options.repo, revision, options.file));
  const hubOrigin = new URL(options.endpoint).origin;
  const expected: Expected = { size: null, sha256: null };

  for (let redirects = 0; ; redirects += 1) {
    const headers: Record<string, string> = { "user-agent": "codegenie" };
    if (options.token && url.origin === hubOrigin) {
      headers.authorization = `Bearer ${options.token}`;
    }
    if (offset > 0) headers.range = `bytes=${offset}-`;
    let response: Response;
    try {
      response = await fetch(url, { headers, redirect: "manual", signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new LlmError(
        "download-failed",
        `${describe(options)}: cannot reach ${url.origin} (${(error as Error).message}).`,
        { cause: error },
      );
    }
    expected.size ??= parseLength(response.headers.get("x-linked-size"));
    expected.sha256 ??=
      parseSha256(response.headers.get("x-linked-etag")) ??
      parseSha256(response.headers.get("etag"));

    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw unauthorized(options, response.status);
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || location === null) {
      return { response, expected };
    }
    await response.body?.cancel();
    if (redirects >= MAX_REDIRECTS) {
      throw new LlmError("download-failed", `${describe(options)}: too many redirects.`);
    }
    url = new URL(location, url);
  }
}

function unauthorized(options: HfDownloadOptions, status: number): LlmError {
  const tokenAdvice = options.token
    ? "HF_TOKEN is set but the hub refused it: check that the token may read this repository"
    : "set HF_TOKEN to a Hugging Face access token (https://huggingface.co/settings/tokens)";
  return new LlmError(
    "download-unauthorized",
    `${describe(options)}: the hub answered ${status}. ${tokenAdvice}; Gemma is gated: accept its license on the hub first (https://huggingface.co/${options.repo}).`,
  );
}

function toDownloadError(error: unknown, options: HfDownloadOptions): unknown {
  if (options.signal?.aborted) return options.signal.reason;
  if (error instanceof ConnectionDropped) {
    return new LlmError(
      "download-failed",
      `${describe(options)}: ${error.message}; run the download again to resume it.`,
      { cause: error },
    );
  }
  return error;
}

function describe(options: HfDownloadOptions): string {
  return `Downloading ${options.repo}/${options.file}`;
}

async function fileSize(filePath: string): Promise<number> {
  try {
    return (await stat(filePath)).size;
  } catch {
    return 0;
  }
}

async function hashFile(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function delay(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, milliseconds);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
