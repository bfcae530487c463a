import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database";
import { auditLog } from "../db/schema";
import { buildTestApp, createTestDatabase, signUpUser, type TestApp } from "../testing/test-app";

// Sign-up, sign-in, renewal and sign-out over HTTP on the embedded database.
let testApp: TestApp;
beforeAll(async () => {
  testApp = await buildTestApp({
    LOGIN_SLOWDOWN_AFTER: "100",
    LOGIN_LOCKOUT_AFTER: "4",
    AUTH_RATE_LIMIT_MAX: "1000",
  });
});
afterAll(() => testApp.close());

const STRONG = "violet tractor seventeen moons";
const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
  testApp.app.inject({ method: "POST", url, payload, headers });
const getModels = (authorization?: string) =>
  testApp.app.inject({
    method: "GET",
    url: "/api/models",
    headers: authorization ? { authorization } : {},
  });

describe("sign-up", () => {
  it("makes the first account admin and every later one a user", async () => {
    const options = await testApp.app.inject({ method: "GET", url: "/api/auth/options" });
    expect(options.json()).toEqual({ isEmailRecoveryAvailable: false, isFirstAccount: true });

    const first = await post("/api/auth/register", {
      username: "Ada",
      email: "Ada@Example.test ",
      password: STRONG,
      displayName: "Ada L.",
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      username: "Ada",
      email: "ada@example.test",
      role: "admin",
      avatarUrl: null,
    });
    expect(first.json()).not.toHaveProperty("passwordHash");

    const second = await post("/api/auth/register", {
      username: "grace",
      email: "grace@example.test",
      password: STRONG,
      displayName: "Grace",
    });
    expect(second.json().role).toBe("user");
    const after = await testApp.app.inject({ method: "GET", url: "/api/auth/options" });
    expect(after.json().isFirstAccount).toBe(false);
  });

  it("keeps user ids unique regardless of case, and emails unique", async () => {
    const sameName = await post("/api/auth/register", {
      username: "ADA",
      email: "other@example.test",
      password: STRONG,
      displayName: "x",
    });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error.code).toBe("auth.username_taken");
    const sameEmail = await post("/api/auth/register", {
      username: "ada2",
      email: "ADA@example.test",
      password: STRONG,
      displayName: "x",
    });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json().error.code).toBe("auth.email_taken");
  });

  it("says what to change in a weak password, and refuses bad user ids and emails by field", async () => {
    const cases: [string, RegExp][] = [
      ["short1!", /at least 10 characters/],
      ["password123", /harder to guess|at least 10/],
      ["linus-torvalds-2024", /leave out your user id/],
    ];
    for (const [password, message] of cases) {
      const response = await post("/api/auth/register", {
        username: "linus-torvalds",
        email: "linus@example.test",
        password,
        displayName: "L",
      });
      expect(response.statusCode, password).toBe(422);
      expect(response.json().error.code).toBe("auth.weak_password");
      expect(response.json().error.message).toMatch(message);
    }
    const bad = await post("/api/auth/register", {
      username: "a b'; drop table users;--",
      email: "not-an-email",
      password: STRONG,
      displayName: "<script>x</script>",
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.details.fields.map((field: { field: string }) => field.field);
    expect(fields).toEqual(expect.arrayContaining(["body.username", "body.email"]));
  });
});

describe("sessions", () => {
  it("signs in with the user id or the email; unknown users and wrong passwords get the same answer", async () => {
    const byName = await post("/api/auth/login", { username: "grace", password: STRONG });
    expect(byName.statusCode).toBe(200);
    expect(byName.json()).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 900,
      user: { username: "grace" },
    });
    const cookie = byName.cookies.find((candidate) => candidate.name === "codegenie_refresh");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/api/auth" });
    expect(cookie?.secure).toBeFalsy();

    const byEmail = await post("/api/auth/login", {
      username: "GRACE@example.test",
      password: STRONG,
    });
    expect(byEmail.statusCode).toBe(200);

    const wrong = await post("/api/auth/login", {
      username: "grace",
      password: "not the password at all",
    });
    const unknown = await post("/api/auth/login", {
      username: "nobody",
      password: "not the password at all",
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe("auth.invalid_credentials");
  });

  it("puts sub, role and sid in the access token and checks it on every API request", async () => {
    const user = await signUpUser(testApp.app);
    const [, payload] = user.accessToken.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    expect(claims).toMatchObject({ sub: user.id, role: "user", iss: "codegenie" });
    expect(claims.exp - claims.iat).toBe(900);
    expect(typeof claims.sid).toBe("string");

    expect((await getModels(user.headers.authorization)).statusCode).toBe(200);
    expect((await getModels()).json().error.code).toBe("auth.unauthenticated");
    expect((await getModels("Bearer not.a.jwt")).json().error.code).toBe("auth.token_invalid");
    // A character in the middle of the signature: the last one may only carry padding bits.
    const signatureStart = user.accessToken.lastIndexOf(".") + 1;
    const middle = signatureStart + 10;
    const flipped = user.accessToken[middle] === "A" ? "B" : "A";
    const tampered = `${user.accessToken.slice(0, middle)}${flipped}${user.accessToken.slice(middle + 1)}`;
    expect((await getModels(`Bearer ${tampered}`)).json().error.code).toBe("auth.token_invalid");
    expect((await getModels(`Basic ${user.accessToken}`)).json().error.code).toBe(
      "auth.unauthenticated",
    );
  });

  it("answers an expired access token with auth.token_expired, so the client knows to renew it", async () => {
    const user = await signUpUser(testApp.app);
    const [, payload] = user.accessToken.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    const expired = await new SignJWT({ role: claims.role, sid: claims.sid })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user.id)
      .setIssuer("codegenie")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 1000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 100)
      .sign(new Uint8Array(testApp.app.accounts.keyFor("access-token")));
    const response = await getModels(`Bearer ${expired}`);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("auth.token_expired");
    // The same token signed with another key is not "expired" but invalid.
    const forged = await new SignJWT({ role: "admin", sid: claims.sid })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user.id)
      .setIssuer("codegenie")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode("a guessed secret that is long enough!!"));
    expect((await getModels(`Bearer ${forged}`)).json().error.code).toBe("auth.token_invalid");
  });

  it("rotates the refresh token, and a reused one ends the whole session", async () => {
    const user = await signUpUser(testApp.app);
    const first = await post("/api/auth/refresh", undefined, { cookie: user.refreshCookie });
    expect(first.statusCode).toBe(200);
    const rotated = first.cookies.find((cookie) => cookie.name === "codegenie_refresh")?.value;
    expect(rotated).toBeTruthy();
    expect(`codegenie_refresh=${rotated}`).not.toBe(user.refreshCookie);

    const replay = await post("/api/auth/refresh", undefined, { cookie: user.refreshCookie });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe("auth.refresh_invalid");
    // The thief's replay also signs out whoever holds the newest token and its access tokens.
    const legitimate = await post("/api/auth/refresh", undefined, {
      cookie: `codegenie_refresh=${rotated}`,
    });
    expect(legitimate.statusCode).toBe(401);
    expect((await getModels(`Bearer ${first.json().accessToken}`)).json().error.code).toBe(
      "auth.session_revoked",
    );

    const entries = await testApp.app.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "auth.refresh_reused"));
    expect(entries.map((entry) => entry.targetId)).toContain(user.id);
  });

  it("refuses a missing, malformed or unknown refresh cookie", async () => {
    for (const cookie of [
      undefined,
      "codegenie_refresh=",
      "codegenie_refresh=%%%bad",
      "codegenie_refresh=abc; other=1",
    ]) {
      const response = await post("/api/auth/refresh", undefined, cookie ? { cookie } : {});
      expect(response.statusCode, String(cookie)).toBe(401);
      expect(response.json().error.code).toBe("auth.refresh_invalid");
    }
  });

  it("logout ends the session at once: its access token fails on the very next request", async () => {
    const user = await signUpUser(testApp.app);
    const other = await post("/api/auth/login", {
      username: user.username,
      password: user.password,
    });
    const logout = await post("/api/auth/logout", {}, user.headers);
    expect(logout.statusCode).toBe(204);
    expect((await getModels(user.headers.authorization)).json().error.code).toBe(
      "auth.session_revoked",
    );
    expect(
      (await post("/api/auth/refresh", undefined, { cookie: user.refreshCookie })).statusCode,
    ).toBe(401);
    // Another device of the same user is still signed in.
    expect((await getModels(`Bearer ${other.json().accessToken}`)).statusCode).toBe(200);
  });

  it("logout everywhere ends every session of the user", async () => {
    const user = await signUpUser(testApp.app);
    const other = await post("/api/auth/login", {
      username: user.username,
      password: user.password,
    });
    await post("/api/auth/logout", { everywhere: true }, user.headers);
    expect((await getModels(`Bearer ${other.json().accessToken}`)).json().error.code).toBe(
      "auth.session_revoked",
    );
  });

  it("locks an account after repeated failures, and says when to come back", async () => {
    const user = await signUpUser(testApp.app);
    for (let attempt = 0; attempt < 4; attempt++) {
      const wrong = await post("/api/auth/login", {
        username: user.username,
        password: `wrong guess ${attempt}`,
      });
      expect(wrong.json().error.code).toBe("auth.invalid_credentials");
    }
    const locked = await post("/api/auth/login", {
      username: user.username,
      password: user.password,
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe("auth.account_locked");
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(800);
  });
});

describe("an account under repeated failed sign-ins", () => {
  it("answers each further attempt more slowly before it locks", async () => {
    const slow = await buildTestApp({ LOGIN_SLOWDOWN_AFTER: "1", LOGIN_LOCKOUT_AFTER: "5" });
    const user = await signUpUser(slow.app);
    const attempt = () =>
      slow.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username: user.username, password: user.password },
      });
    const wrong = await slow.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: user.username, password: "a wrong guess" },
    });
    expect(wrong.statusCode).toBe(401);
    const startedAt = performance.now();
    const right = await attempt();
    // A pause is a lower bound, never shorter: this does not depend on the machine's speed.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(950);
    expect(right.statusCode).toBe(200);
    // Success resets the count, so the next sign-in is not slowed.
    const stored = await slow.app.accounts.users.findById(user.id);
    expect(stored).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    expect(stored?.lastLoginAt).toBeInstanceOf(Date);
    await slow.close();
  });
});

describe("the JWT secret", () => {
  it("is generated once and kept in DATA_DIR, so a restart keeps everyone signed in", async () => {
    const { readFile } = await import("node:fs/promises");
    const path = await import("node:path");
    const database = await createTestDatabase();
    const first = await buildTestApp({}, { database });
    const secretFile = path.join(first.dataDir, "jwt-secret");
    const secret = await readFile(secretFile, "utf8");
    expect(secret.trim()).toMatch(/^[0-9a-f]{64}$/);
    const user = await signUpUser(first.app);
    await first.app.close();

    const { buildApp } = await import("../app");
    const { loadConfig } = await import("../config/config");
    const restarted = await buildApp(loadConfig({ DATA_DIR: first.dataDir, LOG_LEVEL: "silent" }), {
      database,
    });
    const response = await restarted.inject({
      method: "GET",
      url: "/api/models",
      headers: user.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(await readFile(secretFile, "utf8")).toBe(secret);
    await restarted.close();
    await first.close().catch(() => undefined);
    await database.close();
  });
});

describe("abuse limits across processes sharing one database", () => {
  let database: DatabaseHandle;
  let apps: TestApp[];
  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      AUTH_RATE_LIMIT_MAX: "3",
      AUTH_RATE_LIMIT_WINDOW_SECONDS: "600",
      JWT_SECRET_KEY: "x".repeat(40),
    };
    apps = [await buildTestApp(env, { database }), await buildTestApp(env, { database })];
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.close();
  });

  it("counts sign-in attempts from one IP on every replica, then answers 429 with Retry-After", async () => {
    const attempt = (index: number) =>
      apps[index % 2]?.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username: "nobody", password: "whatever it is" },
        remoteAddress: "203.0.113.7",
      });
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await attempt(index))?.statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await attempt(4);
    expect(limited?.json().error.code).toBe("rate_limited");
    expect(Number(limited?.headers["retry-after"])).toBeGreaterThan(500);
    // Another address is not affected.
    const elsewhere = await apps[0]?.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "nobody", password: "whatever it is" },
      remoteAddress: "198.51.100.9",
    });
    expect(elsewhere?.statusCode).toBe(401);
  });

  it("signs a user in on one replica and out on the other", async () => {
    const [one, two] = apps;
    if (!one || !two) throw new Error("two apps expected");
    const user = await signUpUser(one.app);
    const onTwo = await two.app.inject({
      method: "GET",
      url: "/api/models",
      headers: user.headers,
    });
    expect(onTwo.statusCode).toBe(200);
    await two.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: user.headers,
      payload: {},
    });
    const onOne = await one.app.inject({
      method: "GET",
      url: "/api/models",
      headers: user.headers,
    });
    expect(onOne.json().error.code).toBe("auth.session_revoked");
  });
});
