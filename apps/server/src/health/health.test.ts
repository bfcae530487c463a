import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp } from "../testing/test-app";

let testApp: TestApp;
beforeAll(async () => {
  testApp = await buildTestApp();
});
afterAll(() => testApp.close());

describe("health endpoints", () => {
  it("/healthz says the process is up", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("/readyz is ready with the database up, and 503 once shutting down", async () => {
    const ready = await testApp.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: "ready",
      checks: { database: true, acceptingRequests: true },
    });

    const user = await signUpUser(testApp.app);
    testApp.app.lifecycle.isShuttingDown = true;
    const draining = await testApp.app.inject({ method: "GET", url: "/readyz" });
    expect(draining.statusCode).toBe(503);
    expect(draining.json().checks.acceptingRequests).toBe(false);

    const generate = await testApp.app.inject({
      method: "POST",
      url: "/api/generate",
      headers: user.headers,
      payload: { model: "phi-2", prompt: "hello" },
    });
    expect(generate.statusCode).toBe(503);
    expect(generate.json().error.code).toBe("server.shutting_down");
    testApp.app.lifecycle.isShuttingDown = false;
  });
});
