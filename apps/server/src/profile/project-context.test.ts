import { PROJECT_CONTEXT_MAX_CHARS } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

let testApp: TestApp;
let ada: TestUser;
let grace: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp();
  ada = await signUpUser(testApp.app);
  grace = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const getContext = (user: TestUser) =>
  testApp.app.inject({ method: "GET", url: "/api/me/project-context", headers: user.headers });
const putContext = (user: TestUser, payload: object) =>
  testApp.app.inject({
    method: "PUT",
    url: "/api/me/project-context",
    headers: user.headers,
    payload,
  });

describe("/api/me/project-context", () => {
  it("is empty for a new account", async () => {
    const response = await getContext(ada);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ projectContext: "" });
  });

  it("keeps what the user sets, trimmed, for that user only", async () => {
    const saved = await putContext(ada, { projectContext: "  Python 3.12, FastAPI, pytest.\n" });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ projectContext: "Python 3.12, FastAPI, pytest." });
    expect((await getContext(ada)).json()).toEqual({
      projectContext: "Python 3.12, FastAPI, pytest.",
    });
    expect((await getContext(grace)).json()).toEqual({ projectContext: "" });
  });

  it("clears with an empty text", async () => {
    await putContext(grace, { projectContext: "Go 1.22" });
    const cleared = await putContext(grace, { projectContext: "" });
    expect(cleared.json()).toEqual({ projectContext: "" });
    expect((await getContext(grace)).json()).toEqual({ projectContext: "" });
  });

  it("refuses a context over the limit and keeps the old one", async () => {
    const response = await putContext(ada, {
      projectContext: "x".repeat(PROJECT_CONTEXT_MAX_CHARS + 1),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("request.invalid");
    expect((await getContext(ada)).json()).toEqual({
      projectContext: "Python 3.12, FastAPI, pytest.",
    });
  });

  it("is for signed-in users only", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/api/me/project-context" });
    expect(response.statusCode).toBe(401);
  });
});
