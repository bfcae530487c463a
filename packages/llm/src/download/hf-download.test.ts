import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LlmError } from "../errors";
import { writeTestModel } from "../gguf-writer";
import { type DownloadProgress, downloadFromHf, type HfDownloadOptions } from "./hf-download";
import { type HubTestServer, startHubTestServer } from "./testing/hub-test-server";

// The real downloader against a real HTTP server on 127.0.0.1 that answers like the hub
// (huggingface.co cannot be reached here), serving a generated tiny GGUF model.
let folder: string;
let model: Buffer;
let hub: HubTestServer | undefined;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "codegenie-download-"));
  const written = await writeTestModel({
    shape: "tiny",
    type: "q8_0",
    outPath: path.join(folder, "source", "tiny.gguf"),
  });
  model = await readFile(written.path);
});
afterAll(() => rm(folder, { recursive: true, force: true }));
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

let destinationCounter = 0;
function newDestination(): string {
  destinationCounter += 1;
  return path.join(folder, `run-${destinationCounter}`, "model.gguf");
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("downloadFromHf", () => {
  it("downloads through the hub's redirect, verifies size and sha256 and reports progress", async () => {
    hub = await startHubTestServer({
      files: [{ repo: "codegenie/tiny", file: "tiny.gguf", content: model }],
    });
    const destination = newDestination();
    const progress: DownloadProgress[] = [];
    const result = await downloadFromHf({
      endpoint: hub.endpoint,
      repo: "codegenie/tiny",
      file: "tiny.gguf",
      destination,
      onProgress: (report) => progress.push(report),
    });

    expect(result).toEqual({
      path: destination,
      bytes: model.length,
      sha256: sha256(model),
      isChecksumVerified: true,
    });
    expect(sha256(await readFile(destination))).toBe(sha256(model));
    expect(await readdir(path.dirname(destination))).toEqual(["model.gguf"]);
    expect(hub.requests.map((request) => `${request.host} ${request.path}`)).toEqual([
      "hub /codegenie/tiny/resolve/main/tiny.gguf",
      `hub /cdn/${sha256(model)}`,
    ]);
    expect(progress.at(-1)).toMatchObject({
      downloadedBytes: model.length,
      totalBytes: model.length,
    });
  });

  it("resumes with a Range request after the connection drops midway", async () => {
    hub = await startHubTestServer({
      files: [{ repo: "codegenie/tiny", file: "tiny.gguf", content: model }],
    });
    hub.dropNextDownloadAfter(100_000);
    const destination = newDestination();
    const result = await downloadFromHf({
      endpoint: hub.endpoint,
      repo: "codegenie/tiny",
      file: "tiny.gguf",
      destination,
    });

    expect(result.sha256).toBe(sha256(model));
    expect(sha256(await readFile(destination))).toBe(sha256(model));
    const downloads = hub.requests.filter((request) => request.path.startsWith("/cdn/"));
    expect(downloads).toHaveLength(2);
    expect(downloads[0]?.range).toBeUndefined();
    expect(downloads[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(Number(downloads[1]?.range?.match(/\d+/)?.[0])).toBeGreaterThan(0);
  });

  it("keeps the partial file when retries run out, and the next run resumes it", async () => {
    hub = await startHubTestServer({
      files: [{ repo: "codegenie/tiny", file: "tiny.gguf", content: model }],
    });
    hub.dropNextDownloadAfter(50_000);
    const destination = newDestination();
    const options = {
      endpoint: hub.endpoint,
      repo: "codegenie/tiny",
      file: "tiny.gguf",
      destination,
      retries: 0,
    };
    await expect(downloadFromHf(options)).rejects.toMatchObject({
      kind: "download-failed",
      message: expect.stringContaining("run the download again to resume"),
    });
    expect(await readdir(path.dirname(destination))).toEqual(["model.gguf.partial"]);

    const result = await downloadFromHf(options);
    expect(result.sha256).toBe(sha256(model));
    expect(hub.requests.at(-1)?.range).toMatch(/^bytes=[1-9]\d*-$/);
  });

  it("starts over when the server ignores the Range header", async () => {
    hub = await startHubTestServer({
      files: [{ repo: "codegenie/tiny", file: "tiny.gguf", content: model }],
      isRangeIgnored: true,
    });
    const destination = newDestination();
    await mkdir(path.dirname(destination), { recursive: true });
    // Not the file's first bytes: appended to, it would give a wrong file.
    await writeFile(`${destination}.partial`, Buffer.alloc(1000, 7));
    const result = await downloadFromHf({
      endpoint: hub.endpoint,
      repo: "codegenie/tiny",
      file: "tiny.gguf",
      destination,
    });
    expect(result.bytes).toBe(model.length);
    expect(sha256(await readFile(destination))).toBe(sha256(model));
  });

  it("refuses a gated model without a token with an explanation, and downloads it with one", async () => {
    hub = await startHubTestServer({
      files: [{ repo: "google/gated", file: "g.gguf", content: model, token: "hf_secret" }],
    });
    const options = {
      endpoint: hub.endpoint,
      repo: "google/gated",
      file: "g.gguf",
      destination: newDestination(),
    };
    const refusal = await downloadFromHf(options).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LlmError);
    expect(refusal).toMatchObject({ kind: "download-unauthorized" });
    expect((refusal as Error).message).toMatch(/answered 401.*set HF_TOKEN.*accept its license/);

    await expect(downloadFromHf({ ...options, token: "wrong" })).rejects.toMatchObject({
      kind: "download-unauthorized",
      message: expect.stringContaining("HF_TOKEN is set but the hub refused it"),
    });
    const result = await downloadFromHf({ ...options, token: "hf_secret" });
    expect(result.bytes).toBe(model.length);
  });

  it("sends the token to the hub only, not to a CDN on another origin", async () => {
    hub = await startHubTestServer({
      files: [{ repo: "google/gated", file: "g.gguf", content: model, token: "hf_secret" }],
      isCdnSeparate: true,
    });
    expect(hub.cdnOrigin).not.toBe(hub.endpoint);
    await downloadFromHf({
      endpoint: hub.endpoint,
      repo: "google/gated",
      file: "g.gguf",
      destination: newDestination(),
      token: "hf_secret",
    });
    expect(hub.requests.map(({ host, authorization }) => ({ host, authorization }))).toEqual([
      { host: "hub", authorization: "Bearer hf_secret" },
      { host: "cdn", authorization: undefined },
    ]);
  });

  it("refuses a file whose sha256 differs from the hub's and leaves nothing behind", async () => {
    hub = await startHubTestServer({
      files: [
        {
          repo: "codegenie/tiny",
          file: "tiny.gguf",
          content: model,
          publishedSha256: "a".repeat(64),
        },
      ],
    });
    const destination = newDestination();
    await expect(
      downloadFromHf({
        endpoint: hub.endpoint,
        repo: "codegenie/tiny",
        file: "tiny.gguf",
        destination,
      }),
    ).rejects.toMatchObject({
      kind: "download-failed",
      message: expect.stringContaining(`hub publishes ${"a".repeat(64)}`),
    });
    expect(await readdir(path.dirname(destination))).toEqual([]);
  });

  it("refuses a file that is not a GGUF model even when its checksum matches", async () => {
    const page = Buffer.from("<html>Sign in to continue</html>".repeat(100));
    hub = await startHubTestServer({
      files: [{ repo: "codegenie/tiny", file: "tiny.gguf", content: page }],
    });
    const destination = newDestination();
    await expect(
      downloadFromHf({
        endpoint: hub.endpoint,
        repo: "codegenie/tiny",
        file: "tiny.gguf",
        destination,
      }),
    ).rejects.toMatchObject({ kind: "invalid-file" });
    expect(await readdir(path.dirname(destination))).toEqual([]);
  });

  it("stops when aborted, leaving only the partial file", async () => {
    hub = await startHubTestServer({
      files: [{ repo: "codegenie/tiny", file: "tiny.gguf", content: model }],
    });
    const release = hub.holdNextDownloadAfter(64_000);
    const destination = newDestination();
    const controller = new AbortController();
    const download = downloadFromHf({
      endpoint: hub.endpoint,
      repo: "codegenie/tiny",
      file: "tiny.gguf",
      destination,
      signal: controller.signal,
    });
    while ((await stat(`${destination}.partial`).catch(() => ({ size: 0 }))).size < 64_000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    controller.abort();
    await expect(download).rejects.toMatchObject({ name: "AbortError" });
    release();
    expect(await readdir(path.dirname(destination))).toEqual(["model.gguf.partial"]);
  });

  it("says the file is not there on a 404", async () => {
    hub = await startHubTestServer({ files: [] });
    await expect(
      downloadFromHf({
        endpoint: hub.endpoint,
        repo: "codegenie/none",
        file: "none.gguf",
        destination: newDestination(),
      }),
    ).rejects.toMatchObject({ kind: "download-failed", message: expect.stringContaining("404") });
  });
});

describe("downloadFromHf across processes", () => {
  const tiny = (destination: string, extra: Partial<HfDownloadOptions> = {}) => ({
    endpoint: hub?.endpoint ?? "",
    repo: "codegenie/tiny",
    file: "tiny.gguf",
    destination,
    ...extra,
  });

  /** Resolves once `progress` holds a report that `matches`. */
  async function reported(
    progress: DownloadProgress[],
    matches: (report: DownloadProgress) => boolean,
  ): Promise<void> {
    while (!progress.some(matches)) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it("downloads a file once when two downloads of it run at the same time", async () => {
    hub = await startHubTestServer({
      files: [{ repo: "codegenie/tiny", file: "tiny.gguf", content: model }],
    });
    const release = hub.holdNextDownloadAfter(64_000);
    const destination = newDestination();
    const firstProgress: DownloadProgress[] = [];
    const first = downloadFromHf(
      tiny(destination, { onProgress: (report) => firstProgress.push(report) }),
    );
    await reported(firstProgress, (report) => report.downloadedBytes >= 64_000);

    // The second waits for the lock and shows the first one's partial file meanwhile.
    const secondProgress: DownloadProgress[] = [];
    const second = downloadFromHf(
      tiny(destination, { onProgress: (report) => secondProgress.push(report) }),
    );
    await reported(secondProgress, (report) => report.downloadedBytes >= 64_000);
    expect(secondProgress[0]).toMatchObject({ totalBytes: null });
    release();

    const expected = {
      path: destination,
      bytes: model.length,
      sha256: sha256(model),
      isChecksumVerified: true,
    };
    expect(await first).toEqual(expected);
    expect(await second).toEqual(expected);
    expect(secondProgress.at(-1)).toMatchObject({
      downloadedBytes: model.length,
      totalBytes: model.length,
    });
    expect(sha256(await readFile(destination))).toBe(sha256(model));
    // One transfer of the bytes; the second only asked past the end, to check the file.
    const transfers = hub.requests.filter((request) => request.path.startsWith("/cdn/"));
    expect(transfers.map((request) => request.range)).toEqual([
      undefined,
      `bytes=${model.length}-`,
    ]);
    expect(await readdir(path.dirname(destination))).toEqual(["model.gguf"]);
  });

  it("takes over the lock of a killed process once it is stale", async () => {
    hub = await startHubTestServer({
      files: [{ repo: "codegenie/tiny", file: "tiny.gguf", content: model }],
    });
    const destination = newDestination();
    // What a killed holder leaves: the lock folder, no longer refreshed for a minute.
    await mkdir(`${destination}.lock`, { recursive: true });
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(`${destination}.lock`, aMinuteAgo, aMinuteAgo);

    const result = await downloadFromHf(tiny(destination));
    expect(result.sha256).toBe(sha256(model));
    expect(await readdir(path.dirname(destination))).toEqual(["model.gguf"]);
  });

  it("stops waiting for a live lock when aborted", async () => {
    hub = await startHubTestServer({
      files: [{ repo: "codegenie/tiny", file: "tiny.gguf", content: model }],
    });
    const destination = newDestination();
    // Another process's lock, just refreshed.
    await mkdir(`${destination}.lock`, { recursive: true });
    const controller = new AbortController();
    const progress: DownloadProgress[] = [];
    const download = downloadFromHf(
      tiny(destination, {
        signal: controller.signal,
        onProgress: (report) => progress.push(report),
      }),
    );
    await reported(progress, () => true);
    controller.abort();
    await expect(download).rejects.toMatchObject({ name: "AbortError" });
    expect(progress).toEqual([{ downloadedBytes: 0, totalBytes: null, bytesPerSecond: null }]);
    expect(hub.requests).toEqual([]);
    expect(await readdir(path.dirname(destination))).toEqual(["model.gguf.lock"]);
  });
});
