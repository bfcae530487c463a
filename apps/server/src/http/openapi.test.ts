import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../testing/test-app";

let testApp: TestApp;
beforeAll(async () => {
  testApp = await buildTestApp();
});
afterAll(() => testApp.close());

describe("API documentation", () => {
  it("generates the OpenAPI document from the zod contracts", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    const generate = document.paths["/api/generate"].post;
    const body = generate.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(expect.arrayContaining(["model", "prompt"]));
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(["model", "prompt", "maxTokens", "temperature", "topP"]),
    );
    expect(Object.keys(generate.responses)).toEqual(
      expect.arrayContaining(["200", "400", "404", "413", "503"]),
    );
    expect(document.paths["/api/models"].get).toBeDefined();
    expect(document.paths["/healthz"].get).toBeDefined();
  });

  it("serves Swagger UI at /docs", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/docs/" });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("swagger-ui");
  });
});
