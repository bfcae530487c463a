import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, users } from "../db/schema";
import { buildTestApp, signUpUser, type TestApp } from "../testing/test-app";
import { DECOY_QUESTIONS } from "./password-recovery.service";

// Recovery by security questions, over HTTP on the embedded database; no SMTP server configured.
let testApp: TestApp;
beforeAll(async () => {
  testApp = await buildTestApp({ LOGIN_SLOWDOWN_AFTER: "100", LOGIN_LOCKOUT_AFTER: "3" });
});
afterAll(() => testApp.close());

const PASSWORD = "correct horse battery staple 42";
const NEW_PASSWORD = "amber kettle orbit lantern";
const QUESTIONS = [
  { question: "Which street did my grandparents live on?", answer: "Rue  de la Paix" },
  { question: "Name of my first robot vacuum?", answer: "Dusty" },
];

let ipCounter = 0;
/** A fresh client address, so the per-IP limit only bites where a test wants it. */
const nextIp = () => `198.51.100.${++ipCounter}`;
let testIp: string;
beforeEach(() => {
  testIp = nextIp();
});

const post = (url: string, payload: object, remoteAddress = testIp) =>
  testApp.app.inject({ method: "POST", url, payload, remoteAddress });
const lookup = (email: string, ip?: string) => post("/api/auth/password/questions", { email }, ip);
const resetWithAnswers = (email: string, answers: string[], newPassword = NEW_PASSWORD) =>
  post("/api/auth/password/reset", { email, answers, newPassword });
const login = (username: string, password: string) =>
  post("/api/auth/login", { username, password });

let userCounter = 0;
/** Signs up (and in) an account with the two security questions above. */
async function signUpWithQuestions() {
  userCounter += 1;
  const username = `asker${userCounter}`;
  const email = `${username}@example.test`;
  const registered = await post("/api/auth/register", {
    username,
    email,
    password: PASSWORD,
    displayName: "Asker",
    securityQuestions: QUESTIONS,
  });
  expect(registered.statusCode).toBe(201);
  const signedIn = await login(username, PASSWORD);
  return {
    id: registered.json().id as string,
    username,
    email,
    authorization: `Bearer ${signedIn.json().accessToken}`,
  };
}

describe("password recovery by security questions", () => {
  it("shows the account's questions and sets a new password with the answers, in any case or spacing", async () => {
    const user = await signUpWithQuestions();
    const questions = await lookup(user.email);
    expect(questions.statusCode).toBe(200);
    expect(questions.json()).toEqual({ questions: QUESTIONS.map((entry) => entry.question) });

    const done = await resetWithAnswers(user.email, ["  rue de LA paix ", "DUSTY"]);
    expect(done.statusCode).toBe(204);
    expect((await login(user.username, PASSWORD)).statusCode).toBe(401);
    expect((await login(user.username, NEW_PASSWORD)).statusCode).toBe(200);
    const oldSession = await testApp.app.inject({
      method: "GET",
      url: "/api/models",
      headers: { authorization: user.authorization },
    });
    expect(oldSession.json().error.code).toBe("auth.session_revoked");
    const [entry] = await testApp.app.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "password.reset")));
    expect(entry?.details).toEqual({ method: "security_questions" });
  });

  it("counts wrong answers towards the sign-in lock, then answers 429 with Retry-After", async () => {
    const user = await signUpWithQuestions();
    expect((await login(user.username, "a wrong password")).statusCode).toBe(401);
    for (const answers of [
      ["Rue de la Paix", "Sparky"],
      ["'; update users set role='admin';--", "<script>alert(1)</script>"],
    ]) {
      const wrong = await resetWithAnswers(user.email, answers);
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe("auth.reset_invalid");
    }
    // One wrong password and two wrong answer pairs: the third failure in a row locks.
    const locked = await resetWithAnswers(user.email, ["Rue de la Paix", "Dusty"]);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe("auth.account_locked");
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(800);
    expect((await login(user.username, PASSWORD)).json().error.code).toBe("auth.account_locked");

    const [row] = await testApp.app.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ role: "user", failedLoginCount: 3 });
    const actions = (
      await testApp.app.database.db.select().from(auditLog).where(eq(auditLog.targetId, user.id))
    ).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(["auth.login_failed", "password.reset_failed", "auth.locked"]),
    );
    expect(actions).not.toContain("password.reset");
  });

  it("shows stable, plausible decoy questions for unknown emails and accounts without questions", async () => {
    const first = await lookup("nobody@example.test");
    const again = await lookup("NOBODY@example.test");
    expect(first.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const decoys: string[] = first.json().questions;
    expect(decoys).toHaveLength(2);
    expect(new Set(decoys).size).toBe(2);
    for (const question of decoys) expect(DECOY_QUESTIONS).toContain(question);

    const pairs = new Set<string>();
    for (let index = 0; index < 8; index++) {
      const response = await lookup(`stranger${index}@example.test`, nextIp());
      pairs.add(response.json().questions.join("|"));
    }
    expect(pairs.size).toBeGreaterThan(1);

    const withoutQuestions = await signUpUser(testApp.app);
    const own = await lookup(withoutQuestions.email);
    expect(own.statusCode).toBe(200);
    expect(Object.keys(own.json())).toEqual(["questions"]);
    expect(own.json().questions).toHaveLength(2);
    for (const question of own.json().questions) expect(DECOY_QUESTIONS).toContain(question);

    // Answering decoys fails exactly like wrong answers to real questions.
    const user = await signUpWithQuestions();
    const decoyReset = await resetWithAnswers("nobody@example.test", ["a", "b"]);
    const wrongReset = await resetWithAnswers(user.email, ["a", "b"]);
    expect(decoyReset.statusCode).toBe(400);
    expect(decoyReset.body).toBe(wrongReset.body);
    expect((await login(withoutQuestions.username, withoutQuestions.password)).statusCode).toBe(
      200,
    );
  });

  it("refuses malformed answers with 400 and a weak new password with 422, changing nothing", async () => {
    const user = await signUpWithQuestions();
    for (const answers of [["only one"], ["", "x"], ["a", "b", "c"]]) {
      const response = await resetWithAnswers(user.email, answers);
      expect(response.statusCode, JSON.stringify(answers)).toBe(400);
      expect(response.json().error.code).toBe("request.invalid");
    }
    const weak = await resetWithAnswers(user.email, ["rue de la paix", "dusty"], "dusty1234");
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe("auth.weak_password");
    expect((await login(user.username, PASSWORD)).statusCode).toBe(200);
  });

  it("limits lookups per account and per IP, with Retry-After", async () => {
    const user = await signUpWithQuestions();
    for (let request = 0; request < 10; request++) {
      expect((await lookup(user.email, nextIp())).statusCode).toBe(200);
    }
    const perAccount = await lookup(user.email, nextIp());
    expect(perAccount.statusCode).toBe(429);
    expect(perAccount.json().error.code).toBe("rate_limited");
    expect(Number(perAccount.headers["retry-after"])).toBeGreaterThan(200);

    const busyIp = nextIp();
    for (let request = 0; request < 20; request++) {
      expect((await lookup(`someone${request}@example.test`, busyIp)).statusCode).toBe(200);
    }
    const perIp = await lookup("one-more@example.test", busyIp);
    expect(perIp.statusCode).toBe(429);
    expect(Number(perIp.headers["retry-after"])).toBeGreaterThan(200);
  });

  it("answers 503 to an email code when no SMTP server is set up, and the options say so", async () => {
    const user = await signUpWithQuestions();
    const forgot = await post("/api/auth/password/forgot", { email: user.email });
    expect(forgot.statusCode).toBe(503);
    expect(forgot.json().error.code).toBe("auth.email_recovery_unavailable");
    const options = await testApp.app.inject({ method: "GET", url: "/api/auth/options" });
    expect(options.json().isEmailRecoveryAvailable).toBe(false);
  });
});
