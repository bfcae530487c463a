import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A file the test hub serves. */
export interface HubTestFile {
  /** `owner/name`. */
  repo: string;
  /** Path in the repository. */
  file: string;
  /** The file's bytes, or the path of a file to read them from. */
  content: Buffer | string;
  /** Make the repository gated: without `Authorization: Bearer <token>` the hub answers 401. */
  token?: string;
  /** Publish this sha256 instead of the real one (to test a checksum mismatch). */
  publishedSha256?: string;
}

/** Options of {@link startHubTestServer}. */
export interface HubTestServerOptions {
  files: HubTestFile[];
  /**
   * Redirect downloads to a second listener (another port, so another origin) instead of a
   * `/cdn/` path on the hub itself, as huggingface.co redirects to its CDN host. Default false.
   */
  isCdnSeparate?: boolean;
  /** Ignore Range headers and always answer 200 with the whole file. Default false. */
  isRangeIgnored?: boolean;
}

/** One request the test hub received. */
export interface HubTestRequest {
  /** `hub` or `cdn`: which listener received it. */
  host: "hub" | "cdn";
  method: string;
  path: string;
  authorization: string | undefined;
  range: string | undefined;
}

/** A running test hub. */
export interface HubTestServer {
  /** Use as HF_ENDPOINT, e.g. `http://127.0.0.1:41234`. */
  endpoint: string;
  /** Origin of the CDN listener (the same as `endpoint` unless `isCdnSeparate`). */
  cdnOrigin: string;
  /** Every request received, in order. */
  requests: HubTestRequest[];
  /** The sha256 (hex) of a served file. */
  sha256(repo: string, file: string): string;
  /** The next download sends `bytes` bytes of the body and then drops the connection. */
  dropNextDownloadAfter(bytes: number): void;
  /**
   * The next download sends `bytes` bytes and then waits; call the returned function to send
   * the rest (lets a test see a download in progress).
   */
  holdNextDownloadAfter(bytes: number): () => void;
  close(): Promise<void>;
}

interface Served {
  repo: string;
  file: string;
  content: Buffer;
  sha256: string;
  publishedSha256: string;
  token: string | undefined;
}

type Interruption =
  | { kind: "drop"; afterBytes: number }
  | { kind: "hold"; afterBytes: number; released: Promise<void> };

/**
 * A local stand-in for the Hugging Face hub, for tests: huggingface.co cannot be reached from
 * the machines the tests run on, so this real HTTP server on 127.0.0.1 answers the way the hub
 * does for LFS files. `GET|HEAD /{repo}/resolve/{revision}/{file}` answers 302 to
 * `/cdn/{sha256}` with `x-linked-size`, `x-linked-etag` and `ETag` holding the sha256 (401 for a
 * gated repository without its token, 404 for unknown files); the CDN path serves the bytes with
 * Range support (206 + Content-Range, 416), and can drop or hold the connection midway.
 */
export async function startHubTestServer(options: HubTestServerOptions): Promise<HubTestServer> {
  const served: Served[] = [];
  for (const file of options.files) {
    const content = typeof file.content === "string" ? await readFile(file.content) : file.content;
    const sha256 = createHash("sha256").update(content).digest("hex");
    served.push({
      repo: file.repo,
      file: file.file,
      content,
      sha256,
      publishedSha256: file.publishedSha256 ?? sha256,
      token: file.token,
    });
  }
  const requests: HubTestRequest[] = [];
  let interruption: Interruption | undefined;

  const hub = createServer((request, response) => handle("hub", request, response));
  const cdn = options.isCdnSeparate
    ? createServer((request, response) => handle("cdn", request, response))
    : hub;
  const endpoint = await listen(hub);
  const cdnOrigin = cdn === hub ? endpoint : await listen(cdn);

  function handle(host: "hub" | "cdn", request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://hub.test");
    requests.push({
      host,
      method: request.method ?? "GET",
      path: url.pathname,
      authorization: request.headers.authorization,
      range: request.headers.range,
    });
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405).end();
      return;
    }
    const cdnMatch = url.pathname.match(/^\/cdn\/([0-9a-f]{64})$/);
    if (cdnMatch) {
      const entry = served.find((candidate) => candidate.sha256 === cdnMatch[1]);
      if (!entry) {
        response.writeHead(404).end();
        return;
      }
      serveBytes(entry, request, response);
      return;
    }
    if (host === "cdn") {
      response.writeHead(404).end();
      return;
    }
    const resolveMatch = url.pathname.match(/^\/([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/);
    const entry =
      resolveMatch &&
      served.find(
        (candidate) =>
          candidate.repo === resolveMatch[1] &&
          candidate.file === decodeURIComponent(resolveMatch[2] ?? ""),
      );
    if (!entry) {
      response
        .writeHead(404, { "content-type": "application/json", "x-error-code": "EntryNotFound" })
        .end(JSON.stringify({ error: "Entry not found" }));
      return;
    }
    if (entry.token !== undefined && request.headers.authorization !== `Bearer ${entry.token}`) {
      response
        .writeHead(401, { "content-type": "application/json", "x-error-code": "GatedRepo" })
        .end(
          JSON.stringify({
            error: `Access to model ${entry.repo} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
          }),
        );
      return;
    }
    response
      .writeHead(302, {
        location: `${cdnOrigin}/cdn/${entry.sha256}`,
        etag: `"${entry.publishedSha256}"`,
        "x-linked-etag": `"${entry.publishedSha256}"`,
        "x-linked-size": String(entry.content.length),
        "x-repo-commit": "0123456789abcdef0123456789abcdef01234567",
      })
      .end();
  }

  function serveBytes(entry: Served, request: IncomingMessage, response: ServerResponse) {
    const size = entry.content.length;
    const range = options.isRangeIgnored ? undefined : parseRange(request.headers.range, size);
    if (range === "unsatisfiable") {
      response.writeHead(416, { "content-range": `bytes */${size}` }).end();
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    response.writeHead(range ? 206 : 200, {
      "content-type": "application/octet-stream",
      "content-length": String(end - start + 1),
      "accept-ranges": "bytes",
      // The CDN's ETag is not the sha256: the downloader must take the hub's.
      etag: `"cdn-${entry.sha256.slice(0, 16)}"`,
      ...(range ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
    });
    if (request.method === "HEAD") {
      response.end();
      return;
    }
    const body = entry.content.subarray(start, end + 1);
    const current = interruption;
    interruption = undefined;
    if (current === undefined) {
      response.end(body);
      return;
    }
    const head = body.subarray(0, current.afterBytes);
    response.write(head, () => {
      if (current.kind === "drop") {
        // Let the bytes reach the client before the connection goes.
        setTimeout(() => response.socket?.destroy(), 20);
        return;
      }
      void current.released.then(() => response.end(body.subarray(current.afterBytes)));
    });
  }

  return {
    endpoint,
    cdnOrigin,
    requests,
    sha256(repo, file) {
      const entry = served.find((candidate) => candidate.repo === repo && candidate.file === file);
      if (!entry) throw new Error(`the test hub does not serve ${repo}/${file}`);
      return entry.sha256;
    },
    dropNextDownloadAfter(bytes) {
      interruption = { kind: "drop", afterBytes: bytes };
    },
    holdNextDownloadAfter(bytes) {
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      interruption = { kind: "hold", afterBytes: bytes, released };
      return release;
    },
    async close() {
      await Promise.all(
        [...new Set([hub, cdn])].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** `bytes=start-` or `bytes=start-end` → the range; anything else → the whole file. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined {
  const match = header?.match(/^bytes=(\d+)-(\d*)$/);
  if (!match?.[1]) return undefined;
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}
