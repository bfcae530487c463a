import { ZApiKeysResponse, ZCreatedApiKey } from "@codegenie/shared";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, auditLog } from "../db/schema";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";
import { hashApiKey } from "./api-key-secret";

let testApp: TestApp;
let owner: TestUser;
let stranger: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp();
  owner = await signUpUser(testApp.app);
  stranger = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const createKey = (user: TestUser, name: unknown) =>
  testApp.app.inject({
    method: "POST",
    url: "/api/me/api-keys",
    headers: user.headers,
    payload: { name },
  });
const listKeys = async (user: TestUser) => {
  const response = await testApp.app.inject({
    method: "GET",
    url: "/api/me/api-keys",
    headers: user.headers,
  });
  expect(response.statusCode).toBe(200);
  return ZApiKeysResponse.parse(response.json()).apiKeys;
};
const revokeKey = (user: TestUser, id: string) =>
  testApp.app.inject({ method: "DELETE", url: `/api/me/api-keys/${id}`, headers: user.headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("personal API keys", () => {
  it("shows a new key once, stores only its hash and lists it without the key", async () => {
    const response = await createKey(owner, "  Laptop editor  ");
    expect(response.statusCode).toBe(201);
    expect(response.headers["cache-control"]).toBe("no-store");
    const created = ZCreatedApiKey.parse(response.json());
    expect(created.key).toMatch(/^cg_[A-Za-z0-9_-]{43}$/);
    expect(created.name).toBe("Laptop editor");
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(16);

    const [row] = await testApp.app.database.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.id, created.id));
    expect(row?.keyHash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);

    const listed = await listKeys(owner);
    expect(listed).toContainEqual({
      id: created.id,
      name: "Laptop editor",
      prefix: created.prefix,
      createdAt: created.createdAt,
      lastUsedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(await listKeys(stranger)).toEqual([]);

    const [audit] = await testApp.app.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "api_key.created"));
    expect(audit).toMatchObject({ actorId: owner.id, details: { apiKeyId: created.id } });
    expect(JSON.stringify(audit)).not.toContain(created.key);
  });

  it("refuses an empty name and one over 64 characters", async () => {
    const blank = await createKey(owner, "   ");
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details.fields[0].field).toBe("body.name");
    expect((await createKey(owner, "x".repeat(65))).statusCode).toBe(400);
    expect((await createKey(owner, "x".repeat(64))).statusCode).toBe(201);
  });

  it("allows 20 live keys per user, and another once one is revoked", async () => {
    const user = await signUpUser(testApp.app);
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, index) => createKey(user, `key ${index}`)),
    );
    expect(created.map((response) => response.statusCode)).toEqual(Array(20).fill(201));
    const refused = await createKey(user, "one too many");
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: "api_key.limit_reached",
      details: { limit: 20 },
    });

    expect((await revokeKey(user, created[0]?.json().id)).statusCode).toBe(204);
    expect((await createKey(user, "replacement")).statusCode).toBe(201);
    expect(await listKeys(user)).toHaveLength(20);
  });

  it("revokes a key at once; another user's key or a revoked one is not found", async () => {
    const { id, key } = (await createKey(owner, "to revoke")).json();
    const before = await testApp.app.inject({ url: "/v1/models", headers: bearer(key) });
    expect(before.statusCode).toBe(200);

    const foreign = await revokeKey(stranger, id);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe("api_key.not_found");

    expect((await revokeKey(owner, id)).statusCode).toBe(204);
    expect((await revokeKey(owner, id)).statusCode).toBe(404);
    expect((await listKeys(owner)).map((listed) => listed.id)).not.toContain(id);

    const after = await testApp.app.inject({ url: "/v1/models", headers: bearer(key) });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({
      error: {
        message: "This API key has been revoked.",
        type: "authentication_error",
        code: "auth.api_key_invalid",
        param: null,
      },
    });
    const revocations = await testApp.app.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "api_key.revoked"));
    const audit = revocations.find((entry) => entry.details?.apiKeyId === id);
    expect(audit).toMatchObject({ actorId: owner.id, targetId: owner.id });
  });

  it("is managed only by a signed-in session, not by an API key", async () => {
    const { key } = (await createKey(owner, "cannot manage keys")).json();
    const routes = [
      { method: "GET", url: "/api/me/api-keys" },
      { method: "POST", url: "/api/me/api-keys" },
      { method: "GET", url: "/api/me" },
      { method: "POST", url: "/api/generate" },
    ] as const;
    for (const { method, url } of routes) {
      const response = await testApp.app.inject({ method, url, headers: bearer(key) });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().error.code).toBe("auth.api_key_invalid");
      expect(response.json().error.message).toContain("/v1");
    }
  });

  it("is deleted with its owner's account", async () => {
    const user = await signUpUser(testApp.app);
    const { key } = (await createKey(user, "goes with the account")).json();
    const deleted = await testApp.app.inject({
      method: "DELETE",
      url: "/api/me",
      headers: user.headers,
      payload: { password: user.password },
    });
    expect(deleted.statusCode).toBe(204);
    const refused = await testApp.app.inject({ url: "/v1/models", headers: bearer(key) });
    expect(refused.statusCode).toBe(401);
  });
});

describe("the guard on /v1 routes", () => {
  it("takes a live API key as its owner, recording its use at most once a minute", async () => {
    const { id, key } = (await createKey(owner, "last used")).json();
    const first = await testApp.app.inject({ url: "/v1/models", headers: bearer(key) });
    expect(first.statusCode).toBe(200);
    const used = (await listKeys(owner)).find((listed) => listed.id === id);
    expect(used?.lastUsedAt).not.toBeNull();

    await testApp.app.inject({ url: "/v1/models", headers: bearer(key) });
    const again = (await listKeys(owner)).find((listed) => listed.id === id);
    expect(again?.lastUsedAt).toBe(used?.lastUsedAt);

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await testApp.app.database.db
      .update(apiKeys)
      .set({ lastUsedAt: twoMinutesAgo })
      .where(eq(apiKeys.id, id));
    await testApp.app.inject({ url: "/v1/models", headers: bearer(key) });
    const later = (await listKeys(owner)).find((listed) => listed.id === id);
    expect(new Date(later?.lastUsedAt ?? 0).getTime()).toBeGreaterThan(twoMinutesAgo.getTime());
  });

  it("keeps accepting access tokens", async () => {
    const response = await testApp.app.inject({ url: "/v1/models", headers: owner.headers });
    expect(response.statusCode).toBe(200);
  });

  it("refuses a missing, unknown or malformed key in OpenAI's error shape", async () => {
    const missing = await testApp.app.inject({ url: "/v1/models" });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error).toMatchObject({
      type: "authentication_error",
      code: "auth.unauthenticated",
    });

    const unknown = await testApp.app.inject({
      url: "/v1/models",
      headers: bearer(`cg_${"A".repeat(43)}`),
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe("auth.api_key_invalid");

    const garbage = await testApp.app.inject({ url: "/v1/models", headers: bearer("sk-123") });
    expect(garbage.statusCode).toBe(401);
    expect(garbage.json().error.type).toBe("authentication_error");
  });
});
