import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../db/schema";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// Revoking a user's sessions and forcing a password reset, over HTTP on the embedded database.
let testApp: TestApp;
let admin: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp({ AUTH_RATE_LIMIT_MAX: "1000" });
  admin = await signUpUser(testApp.app, { username: "root-admin" });
});
afterAll(() => testApp.close());

const PASSWORD = "correct horse battery staple 42";
const NEW_PASSWORD = "amber kettle orbit lantern";
const QUESTIONS = [
  { question: "Which street did my grandparents live on?", answer: "Rue de la Paix" },
  { question: "Name of my first robot vacuum?", answer: "Dusty" },
];

const act = (action: string, target: { id: string }, as: TestUser = admin) =>
  testApp.app.inject({
    method: "POST",
    url: `/api/admin/users/${target.id}/${action}`,
    headers: as.headers,
  });
const me = (headers: { authorization: string }) =>
  testApp.app.inject({ method: "GET", url: "/api/me", headers });
const login = (username: string, password: string) =>
  testApp.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
const refresh = (cookie: string) =>
  testApp.app.inject({ method: "POST", url: "/api/auth/refresh", headers: { cookie } });

/** The audit entries of one action about a user. */
const auditOf = (action: string, targetId: string) =>
  testApp.app.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));

describe("POST /api/admin/users/:id/revoke-sessions", () => {
  it("signs the user out everywhere at once, and audits it", async () => {
    const user = await signUpUser(testApp.app);
    const secondDevice = await login(user.username, user.password);
    const secondHeaders = { authorization: `Bearer ${secondDevice.json().accessToken}` };
    expect((await me(user.headers)).statusCode).toBe(200);

    const revoked = await act("revoke-sessions", user);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ user: { id: user.id }, revokedSessions: 2 });

    for (const headers of [user.headers, secondHeaders]) {
      const response = await me(headers);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe("auth.session_revoked");
    }
    expect((await refresh(user.refreshCookie)).json().error.code).toBe("auth.refresh_invalid");
    // Signing in again works: only the sessions ended.
    expect((await login(user.username, user.password)).statusCode).toBe(200);

    const [entry] = await auditOf("user.sessions_revoked", user.id);
    expect(entry).toMatchObject({
      actorId: admin.id,
      actorUsername: "root-admin",
      targetUsername: user.username,
      details: { revokedSessions: 2 },
    });
  });
});

describe("POST /api/admin/users/:id/force-password-reset", () => {
  it("ends the sessions and refuses the old password until the user resets it", async () => {
    const registered = await testApp.app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: {
        username: "forgetful",
        email: "forgetful@example.test",
        displayName: "Forgetful",
        password: PASSWORD,
        securityQuestions: QUESTIONS,
      },
    });
    const user = { id: registered.json().id as string };
    const signedIn = await login("forgetful", PASSWORD);
    const headers = { authorization: `Bearer ${signedIn.json().accessToken}` };
    expect((await me(headers)).statusCode).toBe(200);

    const forced = await act("force-password-reset", user);
    expect(forced.statusCode).toBe(200);
    expect(forced.json()).toMatchObject({
      user: { id: user.id, isPasswordResetRequired: true },
      revokedSessions: 1,
    });
    expect((await me(headers)).json().error.code).toBe("auth.session_revoked");

    const refused = await login("forgetful", PASSWORD);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("auth.password_reset_required");
    expect(refused.json().error.message).toMatch(/forgot password/i);
    // A wrong password learns nothing about the reset.
    expect((await login("forgetful", "wrong password entirely")).json().error.code).toBe(
      "auth.invalid_credentials",
    );
    const detail = (
      await testApp.app.inject({
        method: "GET",
        url: `/api/admin/users/${user.id}`,
        headers: admin.headers,
      })
    ).json();
    expect(detail).toMatchObject({ isPasswordResetRequired: true, liveSessionCount: 0 });

    const reset = await testApp.app.inject({
      method: "POST",
      url: "/api/auth/password/reset",
      payload: {
        email: "forgetful@example.test",
        answers: ["rue de la paix", "dusty"],
        newPassword: NEW_PASSWORD,
      },
    });
    expect(reset.statusCode).toBe(204);
    expect((await login("forgetful", NEW_PASSWORD)).statusCode).toBe(200);

    const [entry] = await auditOf("user.password_reset_forced", user.id);
    expect(entry).toMatchObject({
      actorId: admin.id,
      targetUsername: "forgetful",
      details: { revokedSessions: 1 },
    });
    const failures = await auditOf("auth.login_failed", user.id);
    expect(failures.map((failure) => failure.details?.reason)).toContain("password_reset_required");
  });

  it("answers 404 for an unknown user and records nothing", async () => {
    const target = { id: randomUUID() };
    for (const action of ["force-password-reset", "revoke-sessions"]) {
      const response = await act(action, target);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("user.not_found");
    }
    const entries = await testApp.app.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, target.id));
    expect(entries).toEqual([]);
  });
});

describe("who may use the new admin routes", () => {
  it("refuses a plain user with 403 on every one, changing nothing", async () => {
    const member = await signUpUser(testApp.app);
    const routes = [
      { method: "GET" as const, url: "/api/admin/search?q=root" },
      { method: "GET" as const, url: `/api/admin/users/${admin.id}` },
      { method: "GET" as const, url: `/api/admin/users/${admin.id}/history` },
      { method: "GET" as const, url: `/api/admin/users/${admin.id}/feedback` },
      { method: "POST" as const, url: `/api/admin/users/${admin.id}/revoke-sessions` },
      { method: "POST" as const, url: `/api/admin/users/${admin.id}/force-password-reset` },
    ];
    for (const route of routes) {
      const forbidden = await testApp.app.inject({ ...route, headers: member.headers });
      expect(forbidden.statusCode, route.url).toBe(403);
      expect(forbidden.json().error.code).toBe("auth.forbidden");
      const anonymous = await testApp.app.inject(route);
      expect(anonymous.statusCode, route.url).toBe(401);
    }
    // The admin is still signed in and not marked.
    const self = await testApp.app.inject({
      method: "GET",
      url: `/api/admin/users/${admin.id}`,
      headers: admin.headers,
    });
    expect(self.json()).toMatchObject({ isPasswordResetRequired: false, liveSessionCount: 1 });
  });
});
