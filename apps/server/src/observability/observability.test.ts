import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app";
import { loadConfig } from "../config/config";
import type { DatabaseHandle } from "../db/database";
import {
  buildTestApp,
  createTestDatabase,
  signUpUser,
  type TestApp,
  type TestUser,
} from "../testing/test-app";

const METRICS_TOKEN = "scrape-secret-0123456789";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Two apps on one database: `app` logs at info into `logLines` (so a test can find a request's
// log line by its id) and leaves /metrics open; `protectedApp` sets METRICS_TOKEN.
let database: DatabaseHandle;
let dataDir: string;
let app: FastifyInstance;
let protectedApp: TestApp;
let user: TestUser;
const logLines: string[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-observability-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    PASSWORD_HASH_ITERATIONS: "1000",
    CODEGENIE_AUTO_DOWNLOAD: "false",
  });
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  app = await buildApp(config, { database, logStream });
  protectedApp = await buildTestApp({ METRICS_TOKEN }, { database });
  user = await signUpUser(app);
});
afterAll(async () => {
  await app.close();
  await protectedApp.close();
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function scrape(target: FastifyInstance = app, headers: Record<string, string> = {}) {
  return target.inject({ method: "GET", url: "/metrics", headers });
}

/** The value of one sample line, e.g. `codegenie_http_requests_total{…}`; undefined if absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /metrics", () => {
  it("counts requests by route pattern, never by raw URL", async () => {
    const historyId = "0b9d3c4e-1111-4222-8333-944455556666";
    await app.inject({ method: "GET", url: "/healthz" });
    await app.inject({ method: "GET", url: "/healthz?probe=1" });
    await app.inject({ method: "GET", url: `/api/history/${historyId}`, headers: user.headers });
    await app.inject({ method: "GET", url: "/api/no-such-route/12345" });

    const response = await scrape();
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    const text = response.body;
    expect(
      sample(text, 'codegenie_http_requests_total{method="GET",route="/healthz",status="200"}'),
    ).toBe(2);
    expect(
      sample(
        text,
        'codegenie_http_requests_total{method="GET",route="/api/history/:id",status="404"}',
      ),
    ).toBe(1);
    expect(
      sample(text, 'codegenie_http_requests_total{method="GET",route="unmatched",status="404"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'codegenie_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}',
      ),
    ).toBe(2);
    expect(text).not.toContain(historyId);
    expect(text).not.toContain("12345");
    expect(text).not.toContain("probe=1");
  });

  it("reports generations in flight, queue depth and Node's event-loop lag", async () => {
    const text = (await scrape()).body;
    expect(sample(text, "codegenie_generations_in_flight")).toBe(0);
    // No model is loaded here: the gauge is declared with no series.
    expect(text).toContain("# TYPE codegenie_model_queue_depth gauge");
    expect(text).toContain("# TYPE codegenie_generated_tokens_total counter");
    expect(text).toContain("# TYPE codegenie_time_to_first_token_seconds histogram");
    expect(text).toContain("# TYPE codegenie_model_load_seconds histogram");
    expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
  });

  it("wants the bearer token when METRICS_TOKEN is set", async () => {
    const refusals: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong-token" },
      { authorization: METRICS_TOKEN },
    ];
    for (const headers of refusals) {
      const refused = await scrape(protectedApp.app, headers);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe("auth.unauthenticated");
      expect(refused.headers["www-authenticate"]).toContain("Bearer");
    }
    const allowed = await scrape(protectedApp.app, { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain("codegenie_http_requests_total");
  });
});

describe("request ids", () => {
  it("every response carries a new x-request-id", async () => {
    const first = await app.inject({ method: "GET", url: "/healthz" });
    const second = await app.inject({ method: "GET", url: "/healthz" });
    expect(first.headers["x-request-id"]).toMatch(UUID);
    expect(second.headers["x-request-id"]).toMatch(UUID);
    expect(first.headers["x-request-id"]).not.toBe(second.headers["x-request-id"]);
    // Also when the auth guard refuses the request before any handler runs.
    const refused = await app.inject({ method: "GET", url: "/api/me" });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["x-request-id"]).toMatch(UUID);
  });

  it("keeps a caller's sane x-request-id and replaces anything else", async () => {
    const kept = await app.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-request-id": "lb-7f3a.42:trace_1" },
    });
    expect(kept.headers["x-request-id"]).toBe("lb-7f3a.42:trace_1");
    for (const unsafe of ["has spaces", "x".repeat(65), 'quote"injection', ""]) {
      const replaced = await app.inject({
        method: "GET",
        url: "/healthz",
        headers: { "x-request-id": unsafe },
      });
      expect(replaced.headers["x-request-id"]).toMatch(UUID);
    }
  });

  it("an error response's id finds its log line", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "nobody-here", password: "not the password at all" },
    });
    expect(response.statusCode).toBe(401);
    const requestId = response.headers["x-request-id"];
    expect(requestId).toMatch(UUID);
    const entries = logLines
      .map((line) => JSON.parse(line) as { reqId?: string; code?: string; msg?: string })
      .filter((entry) => entry.reqId === requestId);
    expect(entries.map((entry) => entry.code)).toContain(response.json().error.code);
  });
});
