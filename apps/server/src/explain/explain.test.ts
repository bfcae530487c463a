import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// Requests refused before any model runs; explanations on the real engine are in
// explain.model.test.ts.
let testApp: TestApp;
let user: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp({ EXPLAIN_MAX_CODE_CHARS: "40" });
  user = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const explain = (payload: object) =>
  testApp.app.inject({
    method: "POST",
    url: "/api/explain",
    headers: { accept: "text/event-stream", ...user.headers },
    payload,
  });

describe("POST /api/explain refusals", () => {
  it("is for signed-in users only", async () => {
    const anonymous = await testApp.app.inject({
      method: "POST",
      url: "/api/explain",
      payload: { model: "phi-2", code: "x = 1", style: "beginner" },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("refuses code over the configured limit with 413 explain.code_too_large, never cutting it", async () => {
    const response = await explain({ model: "phi-2", code: "x".repeat(41), style: "technical" });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: "explain.code_too_large",
      details: { limit: 40, actual: 41, unit: "characters" },
    });
    expect(response.json().error.message).toContain("41 characters");
  });

  it.each([
    ["empty code", { code: "  \n ", style: "beginner" }, "body.code"],
    ["an unknown style", { code: "x = 1", style: "poetic" }, "body.style"],
    ["a missing style", { code: "x = 1" }, "body.style"],
    [
      "an unknown language",
      { code: "x = 1", style: "beginner", language: "cobol" },
      "body.language",
    ],
  ])("rejects %s with 400 request.invalid naming the field", async (_, payload, field) => {
    const response = await explain({ model: "phi-2", ...payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("request.invalid");
    expect(response.json().error.details.fields[0].field).toBe(field);
  });

  it("answers a model whose file is missing with 503 model.unavailable", async () => {
    const response = await explain({ model: "phi-2", code: "x = 1", style: "step-by-step" });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe("model.unavailable");
  });
});
