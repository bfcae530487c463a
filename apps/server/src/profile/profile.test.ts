import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, passwordResetCodes, users } from "../db/schema";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";
import { gravatarUrl } from "../users/present-user";

// The signed-in user's own account over HTTP, on the embedded database.
let testApp: TestApp;
let ada: TestUser;
let grace: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp();
  ada = await signUpUser(testApp.app);
  grace = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const STRONG = "marble otter umbrella ninety";

type Method = "GET" | "PATCH" | "POST" | "PUT" | "DELETE";
const call = (method: Method, url: string, who: { headers: object } | null, payload?: object) =>
  testApp.app.inject({ method, url, payload, headers: { ...who?.headers } });

/** Signs an existing user in once more: a second session, as from another device. */
async function signInAgain(user: TestUser, password = user.password) {
  const response = await call("POST", "/api/auth/login", null, {
    username: user.username,
    password,
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const cookie = response.cookies.find((candidate) => candidate.name === "codegenie_refresh");
  return {
    headers: { authorization: `Bearer ${response.json().accessToken}` },
    refreshCookie: `codegenie_refresh=${cookie?.value ?? ""}`,
  };
}

const auditActions = async (userId: string, action: string) =>
  testApp.app.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, userId), eq(auditLog.action, action)));

describe("GET /api/me", () => {
  it("shows the signed-in user with role, avatar choices and no secrets", async () => {
    const response = await call("GET", "/api/me", ada);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: ada.id,
      username: ada.username,
      email: ada.email,
      displayName: expect.any(String),
      role: "admin",
      avatarSource: "initials",
      avatarUrl: null,
      createdAt: expect.any(String),
      hasSecurityQuestions: false,
      gravatarUrl: gravatarUrl(ada.email),
      hasUploadedAvatar: false,
    });
    expect(response.body).not.toContain("pbkdf2");
    expect((await call("GET", "/api/me", grace)).json().role).toBe("user");
  });

  it("is for signed-in users only", async () => {
    const response = await call("GET", "/api/me", null);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("auth.unauthenticated");
  });
});

describe("PATCH /api/me", () => {
  it("stores a display name with markup or SQL as plain text, and audits the change", async () => {
    const displayName = `<script>alert("x")</script>'; DROP TABLE users; --`;
    const response = await call("PATCH", "/api/me", grace, { displayName });
    expect(response.statusCode).toBe(200);
    expect(response.json().displayName).toBe(displayName);
    expect((await call("GET", "/api/me", grace)).json().displayName).toBe(displayName);
    const [entry] = await auditActions(grace.id, "profile.updated");
    expect(entry).toMatchObject({ actorId: grace.id, details: { fields: ["displayName"] } });
  });

  it("changes the email only with the current password, so a stolen session cannot redirect resets", async () => {
    const withoutPassword = await call("PATCH", "/api/me", grace, { email: "thief@example.test" });
    expect(withoutPassword.statusCode).toBe(400);
    expect(withoutPassword.json().error.details.fields[0].field).toBe("body.currentPassword");
    const wrongPassword = await call("PATCH", "/api/me", grace, {
      email: "thief@example.test",
      currentPassword: "not my password at all",
    });
    expect(wrongPassword.statusCode).toBe(403);
    expect(wrongPassword.json().error.code).toBe("profile.password_incorrect");
    expect((await call("GET", "/api/me", grace)).json().email).toBe(grace.email);
  });

  it("changes the email (normalised) and refuses one another account uses with 409", async () => {
    const changed = await call("PATCH", "/api/me", grace, {
      email: " Grace.New@Example.TEST ",
      currentPassword: grace.password,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      email: "grace.new@example.test",
      gravatarUrl: gravatarUrl("grace.new@example.test"),
    });

    const taken = await call("PATCH", "/api/me", grace, {
      email: ada.email.toUpperCase(),
      currentPassword: grace.password,
      displayName: "Not applied",
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe("auth.email_taken");
    const me = (await call("GET", "/api/me", grace)).json();
    expect(me.email).toBe("grace.new@example.test");
    expect(me.displayName).not.toBe("Not applied");
  });

  it("switches between Gravatar and initials", async () => {
    const gravatar = await call("PATCH", "/api/me", grace, { avatarSource: "gravatar" });
    expect(gravatar.json()).toMatchObject({
      avatarSource: "gravatar",
      avatarUrl: gravatarUrl("grace.new@example.test"),
    });
    const initials = await call("PATCH", "/api/me", grace, { avatarSource: "initials" });
    expect(initials.json()).toMatchObject({ avatarSource: "initials", avatarUrl: null });
  });

  it("refuses empty, invalid and malformed bodies with stable codes, changing nothing", async () => {
    const before = (await call("GET", "/api/me", grace)).json();
    const empty = await call("PATCH", "/api/me", grace, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("request.invalid");

    const invalid = await call("PATCH", "/api/me", grace, {
      email: "not-an-email",
      avatarSource: "webcam",
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toContain("body.email");

    const malformed = await testApp.app.inject({
      method: "PATCH",
      url: "/api/me",
      payload: '{"displayName": "x"',
      headers: { ...grace.headers, "content-type": "application/json" },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe("request.malformed_json");
    expect((await call("GET", "/api/me", grace)).json()).toEqual(before);
  });
});

describe("POST /api/me/password", () => {
  it("refuses a wrong current password with 403 and a weak new one with 422, changing nothing", async () => {
    const wrong = await call("POST", "/api/me/password", grace, {
      currentPassword: "not my password",
      newPassword: STRONG,
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe("profile.password_incorrect");

    const weak = await call("POST", "/api/me/password", grace, {
      currentPassword: grace.password,
      newPassword: "password1",
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe("auth.weak_password");
    await expect(signInAgain(grace)).resolves.toBeDefined();
  });

  it("stores the new password and signs out every other session, not this one", async () => {
    const other = await signInAgain(grace);
    // A reset code emailed before the change must not work after it.
    await testApp.app.database.db.insert(passwordResetCodes).values({
      userId: grace.id,
      codeHash: "pending-code",
      expiresAt: new Date(Date.now() + 600_000),
    });
    expect((await call("GET", "/api/me", other)).statusCode).toBe(200);

    const response = await call("POST", "/api/me/password", grace, {
      currentPassword: grace.password,
      newPassword: STRONG,
    });
    expect(response.statusCode).toBe(204);

    expect((await call("GET", "/api/me", grace)).statusCode).toBe(200);
    const signedOut = await call("GET", "/api/me", other);
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.json().error.code).toBe("auth.session_revoked");
    const renewal = await testApp.app.inject({
      method: "POST",
      url: "/api/auth/refresh",
      headers: { cookie: other.refreshCookie },
    });
    expect(renewal.statusCode).toBe(401);

    await expect(signInAgain(grace)).rejects.toThrow(/sign-in failed/);
    await expect(signInAgain(grace, STRONG)).resolves.toBeDefined();
    expect(await auditActions(grace.id, "password.changed")).toHaveLength(1);
    const codes = await testApp.app.database.db
      .select()
      .from(passwordResetCodes)
      .where(eq(passwordResetCodes.userId, grace.id));
    expect(codes).toEqual([]);
    grace.password = STRONG;
  });
});

describe("PUT /api/me/security-questions", () => {
  const securityQuestions = [
    { question: "First pet's name?", answer: "Rex" },
    { question: "Street you grew up on?", answer: "Elm Street" },
  ];

  it("needs the password", async () => {
    const response = await call("PUT", "/api/me/security-questions", ada, {
      currentPassword: "wrong password here",
      securityQuestions,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("profile.password_incorrect");
    expect((await call("GET", "/api/me", ada)).json().hasSecurityQuestions).toBe(false);
  });

  it("stores the questions encrypted and the answers hashed, and audits the change", async () => {
    const response = await call("PUT", "/api/me/security-questions", ada, {
      currentPassword: ada.password,
      securityQuestions,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().hasSecurityQuestions).toBe(true);

    const [row] = await testApp.app.database.db.select().from(users).where(eq(users.id, ada.id));
    expect(row?.securityQuestionsEncrypted).not.toContain("pet");
    expect(row?.securityAnswerHashes).toHaveLength(2);
    // Only PBKDF2 hashes (salt and digest in base64), never the answers: a check for "rex" in the
    // text would fail now and then, as random base64 spells it about 1 time in 100.
    for (const hash of row?.securityAnswerHashes ?? []) {
      expect(hash).toMatch(/^pbkdf2_sha256\$\d+\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    }
    expect(await auditActions(ada.id, "security_questions.changed")).toHaveLength(1);
  });
});

describe("sessions", () => {
  it("lists the live sessions, marking the current one", async () => {
    await signInAgain(ada);
    const response = await call("GET", "/api/me/sessions", ada);
    expect(response.statusCode).toBe(200);
    const { sessions } = response.json();
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.filter((session: { isCurrent: boolean }) => session.isCurrent)).toHaveLength(1);
  });

  it("signs out one of your own sessions, and only your own", async () => {
    const other = await signInAgain(ada);
    const listed = (await call("GET", "/api/me/sessions", other)).json().sessions;
    const otherId = listed.find((session: { isCurrent: boolean }) => session.isCurrent).id;

    const gracesSession = (await call("GET", "/api/me/sessions", grace)).json().sessions[0].id;
    const notMine = await call("DELETE", `/api/me/sessions/${gracesSession}`, ada);
    expect(notMine.statusCode).toBe(404);
    expect(notMine.json().error.code).toBe("profile.session_not_found");
    expect((await call("GET", "/api/me", grace)).statusCode).toBe(200);

    const unknown = await call("DELETE", `/api/me/sessions/${crypto.randomUUID()}`, ada);
    expect(unknown.json().error.code).toBe("profile.session_not_found");
    const malformed = await call("DELETE", "/api/me/sessions/'%20or%201=1", ada);
    expect(malformed.statusCode).toBe(400);

    const revoked = await call("DELETE", `/api/me/sessions/${otherId}`, ada);
    expect(revoked.statusCode).toBe(204);
    expect((await call("GET", "/api/me", other)).json().error.code).toBe("auth.session_revoked");
    expect((await call("GET", "/api/me", ada)).statusCode).toBe(200);
    const remaining = (await call("GET", "/api/me/sessions", ada)).json().sessions;
    expect(remaining.map((session: { id: string }) => session.id)).not.toContain(otherId);
  });
});

describe("password checks", () => {
  it("are rate limited per account, so a stolen token cannot be used to guess the password", async () => {
    const limited = await buildTestApp({ AUTH_RATE_LIMIT_MAX: "3" });
    try {
      const user = await signUpUser(limited.app);
      const attempt = (password: string) =>
        limited.app.inject({
          method: "POST",
          url: "/api/me/password",
          payload: { currentPassword: password, newPassword: STRONG },
          headers: user.headers,
        });
      for (const guess of ["guess one", "guess two", "guess three"]) {
        expect((await attempt(guess)).statusCode).toBe(403);
      }
      const blocked = await attempt(user.password);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe("rate_limited");
      expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
