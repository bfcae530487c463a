import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../testing/test-app";

let webDist: string;
let testApp: TestApp;
beforeAll(async () => {
  webDist = await mkdtemp(path.join(tmpdir(), "codegenie-web-"));
  await mkdir(path.join(webDist, "assets"));
  await writeFile(path.join(webDist, "index.html"), "<!doctype html><title>CodeGenie</title>");
  await writeFile(path.join(webDist, "assets", "app-1234.js"), "console.log('app')");
  testApp = await buildTestApp({ WEB_DIST_DIR: webDist });
});
afterAll(async () => {
  await testApp.close();
  await rm(webDist, { recursive: true, force: true });
});

describe("the web app on the same port", () => {
  it("serves index.html at / and for client-side routes, uncached", async () => {
    for (const url of ["/", "/generate", "/admin/users?tab=all"]) {
      const response = await testApp.app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain("<title>CodeGenie</title>");
      expect(response.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("serves hashed assets with a long cache and security headers", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/assets/app-1234.js" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toContain("immutable");
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("keeps JSON 404s for server paths and non-GET requests", async () => {
    const api = await testApp.app.inject({ method: "GET", url: "/api/unknown" });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe("route.not_found");
    const post = await testApp.app.inject({ method: "POST", url: "/generate" });
    expect(post.json().error.code).toBe("route.not_found");
  });
});

describe("without a built web app", () => {
  it("says how to build it instead of failing", async () => {
    const unbuilt = await buildTestApp({ WEB_DIST_DIR: path.join(webDist, "missing") });
    const response = await unbuilt.app.inject({ method: "GET", url: "/generate" });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain("npm run build");
    await unbuilt.close();
  });
});
