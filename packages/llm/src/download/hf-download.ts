import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat, truncate } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
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
 */
export async function downloadFromHf(options: HfDownloadOptions): Promise<HfDownloadResult> {
  const partialPath = `${options.destination}.partial`;
  await mkdir(path.dirname(options.destination), { recursive: true });
  const retries = options.retries ?? 3;
  const meter = new ProgressMeter(options.onProgress);

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
