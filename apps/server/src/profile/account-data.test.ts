import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, generations, sessions, users } from "../db/schema";
import { GenerationRepository } from "../generation/generation.repository";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// Exporting and deleting one's own data, over HTTP on the embedded database.
let testApp: TestApp;
let admin: TestUser;
let ada: TestUser;
let grace: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp();
  admin = await signUpUser(testApp.app);
  ada = await signUpUser(testApp.app);
  grace = await signUpUser(testApp.app);
  const history = new GenerationRepository(testApp.app.database.db);
  for (const [user, prompt] of [
    [ada, "Write FizzBuzz in Rust"],
    [ada, "Explain this SQL join"],
    [grace, "Grace's private question"],
  ] as const) {
    const { id } = await history.open({
      userId: user.id,
      kind: "generate",
      conversation: null,
      modelId: "phi-2",
      language: null,
      style: null,
      prompt,
      maxTokens: 64,
      temperature: 0.2,
      topP: 0.95,
    });
    await history.close(id, {
      status: "completed",
      responseText: `Answer to: ${prompt}`,
      finishReason: "stop",
      errorCode: null,
      errorMessage: null,
      promptTokens: 5,
      completionTokens: 7,
      durationMs: 120,
      timeToFirstTokenMs: 30,
    });
  }
});
afterAll(() => testApp.close());

const db = () => testApp.app.database.db;
const deleteMe = (who: TestUser, password: string) =>
  testApp.app.inject({
    method: "DELETE",
    url: "/api/me",
    payload: { password },
    headers: who.headers,
  });
const historyOf = (userId: string) =>
  db().select().from(generations).where(eq(generations.userId, userId));

describe("GET /api/me/export", () => {
  it("hands out the profile, sessions, history and audit entries as a JSON attachment", async () => {
    const response = await testApp.app.inject({
      method: "GET",
      url: "/api/me/export",
      headers: ada.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.headers["content-disposition"]).toMatch(
      new RegExp(`^attachment; filename="codegenie-${ada.username}-\\d{4}-\\d{2}-\\d{2}\\.json"$`),
    );
    expect(response.headers["cache-control"]).toBe("no-store");

    const data = response.json();
    expect(data.profile).toMatchObject({ id: ada.id, username: ada.username, email: ada.email });
    expect(data.sessions).toHaveLength(1);
    expect(data.generations.map((row: { prompt: string }) => row.prompt)).toEqual([
      "Write FizzBuzz in Rust",
      "Explain this SQL join",
    ]);
    expect(data.generations[0]).toMatchObject({
      responseText: "Answer to: Write FizzBuzz in Rust",
      status: "completed",
      completionTokens: 7,
    });
    const actions = data.auditLog.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["user.registered", "auth.login"]));

    expect(response.body).not.toContain("pbkdf2_sha256");
    expect(response.body).not.toMatch(/passwordHash|answerHashes|tokenHash/);
    expect(response.body).not.toContain("Grace's private question");
    expect(data.avatar).toBeNull();
  });

  it("includes the uploaded picture, read only for the export", async () => {
    const picture = await sharp({
      create: { width: 32, height: 32, channels: 3, background: "#36c" },
    })
      .png()
      .toBuffer();
    const upload = await testApp.app.inject({
      method: "PUT",
      url: "/api/me/avatar",
      headers: { ...ada.headers, "content-type": "image/png" },
      payload: picture,
    });
    expect(upload.statusCode).toBe(200);
    const response = await testApp.app.inject({
      method: "GET",
      url: "/api/me/export",
      headers: ada.headers,
    });
    const { avatar } = response.json();
    expect(avatar.contentType).toBe("image/webp");
    const stored = await sharp(Buffer.from(avatar.base64, "base64")).metadata();
    expect(stored).toMatchObject({ format: "webp", width: 256, height: 256 });
  });

  it("is for signed-in users only", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/api/me/export" });
    expect(response.statusCode).toBe(401);
  });
});

describe("DELETE /api/me", () => {
  it("needs the password, and a wrong one changes nothing", async () => {
    const response = await deleteMe(ada, "not the password");
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("profile.password_incorrect");
    expect(await db().select().from(users).where(eq(users.id, ada.id))).toHaveLength(1);

    const missing = await testApp.app.inject({
      method: "DELETE",
      url: "/api/me",
      payload: {},
      headers: ada.headers,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe("request.invalid");
  });

  it("removes the account with its sessions and history, and keeps the audit entry", async () => {
    expect(await historyOf(ada.id)).toHaveLength(2);
    const response = await deleteMe(ada, ada.password);
    expect(response.statusCode).toBe(204);

    expect(await db().select().from(users).where(eq(users.id, ada.id))).toHaveLength(0);
    expect(await db().select().from(sessions).where(eq(sessions.userId, ada.id))).toHaveLength(0);
    expect(await historyOf(ada.id)).toHaveLength(0);
    expect(await historyOf(grace.id)).toHaveLength(1);

    const signedOut = await testApp.app.inject({
      method: "GET",
      url: "/api/me",
      headers: ada.headers,
    });
    expect(signedOut.statusCode).toBe(401);

    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.deleted"), eq(auditLog.targetId, ada.id)));
    expect(entry).toMatchObject({
      actorId: ada.id,
      actorUsername: ada.username,
      targetUsername: ada.username,
      details: { role: "user", by: "self" },
    });
  });

  it("refuses to delete the last admin, and lets one of two admins go", async () => {
    const refused = await deleteMe(admin, admin.password);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("admin.last_admin");
    expect(await db().select().from(users).where(eq(users.id, admin.id))).toHaveLength(1);

    // Promotion is the admin feature's; here the second admin is made directly.
    await testApp.app.accounts.users.update(grace.id, { role: "admin", adminSlot: 2 });
    expect((await deleteMe(admin, admin.password)).statusCode).toBe(204);
    const lastOne = await deleteMe(grace, grace.password);
    expect(lastOne.json().error.code).toBe("admin.last_admin");
  });
});
