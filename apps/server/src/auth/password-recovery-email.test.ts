import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, passwordResetCodes, users } from "../db/schema";
import { extractCode, type SmtpTestServer, startSmtpTestServer } from "../testing/smtp-test-server";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// Recovery by emailed code, over HTTP, with the mail going through a real SMTP server on loopback.
let smtp: SmtpTestServer;
let testApp: TestApp;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
  testApp = await buildTestApp({
    ...smtp.env,
    LOGIN_SLOWDOWN_AFTER: "100",
    LOGIN_LOCKOUT_AFTER: "3",
  });
});
afterAll(async () => {
  await testApp.close();
  await smtp.close();
});

const NEW_PASSWORD = "amber kettle orbit lantern";

let ipCounter = 0;
/** A fresh client address, so the per-IP limit only bites where a test wants it. */
const nextIp = () => `192.0.2.${++ipCounter}`;
let testIp: string;
beforeEach(() => {
  testIp = nextIp();
});

const post = (url: string, payload: object, remoteAddress = testIp) =>
  testApp.app.inject({ method: "POST", url, payload, remoteAddress });
const forgot = (email: string, ip?: string) => post("/api/auth/password/forgot", { email }, ip);
const reset = (email: string, code: string, newPassword = NEW_PASSWORD, ip?: string) =>
  post("/api/auth/password/reset", { email, code, newPassword }, ip);
const login = (username: string, password: string) =>
  post("/api/auth/login", { username, password });

/** Asks for a code and reads it from the email it sends. */
async function requestCode(user: Pick<TestUser, "email">, ip?: string): Promise<string> {
  const response = await forgot(user.email, ip);
  expect(response.statusCode).toBe(202);
  return extractCode(await smtp.waitForMessage(user.email));
}

/** A 6-digit code that is not `code`. */
const otherCode = (code: string, offset = 1) =>
  String((Number(code) + offset) % 1_000_000).padStart(6, "0");

const auditOf = (userId: string, action: "password.reset" | "password.reset_failed") =>
  testApp.app.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, userId), eq(auditLog.action, action)));

describe("password recovery by email", () => {
  it("mails a code that sets a new password, ends every session and lifts a sign-in lock", async () => {
    const user = await signUpUser(testApp.app);
    for (const guess of ["wrong one", "wrong two", "wrong three"]) {
      await login(user.username, guess);
    }
    expect((await login(user.username, user.password)).json().error.code).toBe(
      "auth.account_locked",
    );

    const requested = await forgot(user.email.toUpperCase());
    expect(requested.statusCode).toBe(202);
    expect(requested.json()).toMatchObject({ status: "accepted" });
    const mail = await smtp.waitForMessage(user.email);
    expect(mail.subject).toBe("Your CodeGenie password reset code");
    expect(mail.text).toContain(user.username);
    const code = extractCode(mail);
    const [stored] = await testApp.app.database.db
      .select()
      .from(passwordResetCodes)
      .where(eq(passwordResetCodes.userId, user.id));
    expect(stored?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.codeHash).not.toContain(code);

    // A refused password does not use the code up.
    const weak = await reset(user.email, code, "short");
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe("auth.weak_password");

    const done = await reset(user.email, code);
    expect(done.statusCode).toBe(204);

    expect((await login(user.username, user.password)).json().error.code).toBe(
      "auth.invalid_credentials",
    );
    expect((await login(user.username, NEW_PASSWORD)).statusCode).toBe(200);
    const oldToken = await testApp.app.inject({
      method: "GET",
      url: "/api/models",
      headers: user.headers,
    });
    expect(oldToken.json().error.code).toBe("auth.session_revoked");
    const oldCookie = await testApp.app.inject({
      method: "POST",
      url: "/api/auth/refresh",
      headers: { cookie: user.refreshCookie },
    });
    expect(oldCookie.statusCode).toBe(401);
    expect(oldCookie.json().error.code).toBe("auth.refresh_invalid");

    const [entry] = await auditOf(user.id, "password.reset");
    expect(entry).toMatchObject({ actorId: user.id, details: { method: "email" } });
    // The code works once.
    const again = await reset(user.email, code, "another fresh passphrase here");
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe("auth.reset_invalid");
    expect((await login(user.username, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it("answers an unknown email exactly like a known one, and mails nothing", async () => {
    const user = await signUpUser(testApp.app);
    const stranger = "nobody-here@example.test";
    const unknown = await forgot(stranger);
    const known = await forgot(user.email);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(unknown.headers["content-type"]).toBe(known.headers["content-type"]);

    const code = extractCode(await smtp.waitForMessage(user.email));
    expect(smtp.messages.some((mail) => mail.to.includes(stranger))).toBe(false);
    // Resetting an unknown email looks like a wrong code.
    const unknownReset = await reset(stranger, code);
    const wrongReset = await reset(user.email, otherCode(code));
    expect(unknownReset.statusCode).toBe(400);
    expect(unknownReset.body).toBe(wrongReset.body);
  });

  it("refuses an expired code, and changes nothing", async () => {
    const user = await signUpUser(testApp.app);
    const code = await requestCode(user);
    await testApp.app.database.db
      .update(passwordResetCodes)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(passwordResetCodes.userId, user.id));
    const expired = await reset(user.email, code);
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe("auth.reset_invalid");
    expect((await login(user.username, user.password)).statusCode).toBe(200);
    const [entry] = await auditOf(user.id, "password.reset_failed");
    expect(entry?.details).toMatchObject({ method: "email", reason: "expired" });
  });

  it("stops a code after 5 wrong tries, even when the 6th is right", async () => {
    const user = await signUpUser(testApp.app);
    const code = await requestCode(user);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await reset(user.email, otherCode(code, attempt));
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe("auth.reset_invalid");
    }
    const sixth = await reset(user.email, code);
    expect(sixth.statusCode).toBe(400);
    expect((await login(user.username, user.password)).statusCode).toBe(200);
    const reasons = (await auditOf(user.id, "password.reset_failed")).map(
      (entry) => entry.details?.reason,
    );
    expect(reasons).toEqual([...Array(5).fill("wrong_code"), "too_many_attempts"]);
  });

  it("cancels the previous code when a new one is asked for", async () => {
    const user = await signUpUser(testApp.app);
    const first = await requestCode(user);
    const second = await requestCode(user);
    // One time in a million the new code is the old one by chance.
    if (first !== second) {
      const withFirst = await reset(user.email, first);
      expect(withFirst.json().error.code).toBe("auth.reset_invalid");
    }
    expect((await reset(user.email, second)).statusCode).toBe(204);
    const codes = await testApp.app.database.db
      .select()
      .from(passwordResetCodes)
      .where(eq(passwordResetCodes.userId, user.id));
    expect(codes).toHaveLength(1);
  });

  it("refuses malformed bodies and hostile text with 400 and changes nothing", async () => {
    const user = await signUpUser(testApp.app);
    const before = await testApp.app.database.db.select().from(users).where(eq(users.id, user.id));
    const cases: [string, object][] = [
      ["/api/auth/password/forgot", {}],
      ["/api/auth/password/forgot", { email: "x'); drop table users;--" }],
      ["/api/auth/password/forgot", { email: "<script>alert(1)</script>" }],
      ["/api/auth/password/reset", { email: user.email, code: "12345", newPassword: NEW_PASSWORD }],
      ["/api/auth/password/reset", { email: user.email, code: "1' OR '1'='1", newPassword: "x" }],
      ["/api/auth/password/reset", { email: user.email, newPassword: NEW_PASSWORD }],
    ];
    for (const [url, payload] of cases) {
      const response = await post(url, payload, nextIp());
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe("request.invalid");
    }
    const malformed = await testApp.app.inject({
      method: "POST",
      url: "/api/auth/password/forgot",
      headers: { "content-type": "application/json" },
      payload: '{"email": ',
    });
    expect(malformed.json().error.code).toBe("request.malformed_json");
    const after = await testApp.app.database.db.select().from(users).where(eq(users.id, user.id));
    expect(after).toEqual(before);
    expect((await login(user.username, user.password)).statusCode).toBe(200);
  });

  it("limits codes per account and requests per IP, with Retry-After", async () => {
    const user = await signUpUser(testApp.app);
    const ip = nextIp();
    for (let request = 0; request < 3; request++) {
      expect((await forgot(user.email, ip)).statusCode).toBe(202);
    }
    const perAccount = await forgot(user.email, nextIp());
    expect(perAccount.statusCode).toBe(429);
    expect(perAccount.json().error.code).toBe("rate_limited");
    expect(Number(perAccount.headers["retry-after"])).toBeGreaterThan(200);
    // An unknown email is limited alike, so the limit does not tell which accounts exist.
    for (let request = 0; request < 3; request++) await forgot("ghost@example.test", ip);
    expect((await forgot("ghost@example.test", nextIp())).statusCode).toBe(429);

    const busyIp = nextIp();
    for (let request = 0; request < 20; request++) {
      expect((await forgot(`someone${request}@example.test`, busyIp)).statusCode).toBe(202);
    }
    const perIp = await forgot("one-more@example.test", busyIp);
    expect(perIp.statusCode).toBe(429);
    expect(Number(perIp.headers["retry-after"])).toBeGreaterThan(200);
    // Each action has its own count: this address may still try a code.
    const perIpReset = await post(
      "/api/auth/password/reset",
      { email: user.email, code: "123456", newPassword: NEW_PASSWORD },
      busyIp,
    );
    expect(perIpReset.statusCode).toBe(400);
  });

  it("tells the page that email recovery is on", async () => {
    const options = await testApp.app.inject({ method: "GET", url: "/api/auth/options" });
    expect(options.json().isEmailRecoveryAvailable).toBe(true);
  });
});
