import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

let testApp: TestApp;
let user: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp({ BODY_LIMIT_BYTES: "2000" });
  user = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const post = (payload: string, contentType = "application/json") =>
  testApp.app.inject({
    method: "POST",
    url: "/api/generate",
    headers: { "content-type": contentType, ...user.headers },
    payload,
  });

describe("error responses", () => {
  it("answers malformed JSON with 400 request.malformed_json", async () => {
    const response = await post('{"model": "x", "prompt": ');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("request.malformed_json");
  });

  it("names the missing field", async () => {
    const response = await post(JSON.stringify({ model: "deepseek-coder-1.3b-instruct" }));
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe("request.invalid");
    expect(error.message).toContain("body.prompt");
    expect(error.details.fields[0].field).toBe("body.prompt");
  });

  it("rejects an empty body, a body over the limit and an unsupported content type", async () => {
    expect((await post("")).json().error.code).toBe("request.invalid");

    const huge = await post(JSON.stringify({ model: "m", prompt: "x".repeat(5000) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe("request.too_large");

    const xml = await post("<prompt/>", "application/xml");
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe("request.unsupported_media_type");
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/api/nothing-here" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: "route.not_found", message: "There is no route GET /api/nothing-here." },
    });
  });

  it("never leaks a stack trace and keeps serving after bad input", async () => {
    const response = await post("[1, 2, 3]");
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toMatch(/at .+\(.+:\d+:\d+\)/);
    const health = await testApp.app.inject({ method: "GET", url: "/healthz" });
    expect(health.json()).toEqual({ status: "ok" });
  });
});
