import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { violatedUniqueConstraint } from "../db/database-errors";
import { generations, sessions, users } from "../db/schema";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// Promote, demote and delete over HTTP, under concurrency too. One app for the file; before each
// test every account is deleted and a new first user (`admin`) becomes its only admin.
let testApp: TestApp;
let admin: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp({ AUTH_RATE_LIMIT_MAX: "1000" });
});
beforeEach(async () => {
  await testApp.app.database.db.delete(users);
  admin = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const change = (action: "promote" | "demote", target: { id: string }, as: TestUser = admin) =>
  testApp.app.inject({
    method: "POST",
    url: `/api/admin/users/${target.id}/${action}`,
    headers: as.headers,
  });

const remove = (target: { id: string }, as: TestUser = admin) =>
  testApp.app.inject({
    method: "DELETE",
    url: `/api/admin/users/${target.id}`,
    headers: as.headers,
  });

/** The ids of the admins, read from the database. */
async function adminIds(): Promise<string[]> {
  const rows = await testApp.app.database.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.role, "admin"));
  return rows.map((row) => row.id).sort();
}

/** Whether `user` may use the admin routes right now. */
async function hasAdminAccess(user: TestUser): Promise<boolean> {
  const response = await testApp.app.inject({
    method: "GET",
    url: "/api/admin/users",
    headers: user.headers,
  });
  if (response.statusCode !== 200 && response.statusCode !== 403) {
    throw new Error(`unexpected answer: ${response.body}`);
  }
  return response.statusCode === 200;
}

/** The SQLSTATE of a database error, looking through Drizzle's wrapper. */
function sqlState(error: unknown): unknown {
  const wrapped = error as { code?: unknown; cause?: { code?: unknown } };
  return wrapped.cause?.code ?? wrapped.code;
}

describe("promote", () => {
  it("makes a user an admin on their very next request; promoting again changes nothing", async () => {
    const member = await signUpUser(testApp.app);
    expect(await hasAdminAccess(member)).toBe(false);

    const promoted = await change("promote", member);
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ id: member.id, role: "admin" });
    expect(await hasAdminAccess(member)).toBe(true);

    const again = await change("promote", member);
    expect(again.statusCode).toBe(200);
    expect(again.json().role).toBe("admin");
    expect(await adminIds()).toEqual([admin.id, member.id].sort());
  });

  it("refuses a third admin with 409 admin.limit_reached", async () => {
    const second = await signUpUser(testApp.app);
    const third = await signUpUser(testApp.app);
    expect((await change("promote", second)).statusCode).toBe(200);

    const refused = await change("promote", third);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("admin.limit_reached");
    expect(await hasAdminAccess(third)).toBe(false);
    expect(await adminIds()).toEqual([admin.id, second.id].sort());
  });

  it("lets only one of twelve concurrent promotions through: exactly two admins", async () => {
    const candidates = await Promise.all(Array.from({ length: 12 }, () => signUpUser(testApp.app)));
    const answers = await Promise.all(candidates.map((candidate) => change("promote", candidate)));

    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(11);
    for (const answer of answers.filter((candidate) => candidate.statusCode === 409)) {
      expect(answer.json().error.code).toBe("admin.limit_reached");
    }
    expect(await adminIds()).toHaveLength(2);
    expect(await adminIds()).toContain(admin.id);
  });

  it("is refused by the database itself when a change skips the lock", async () => {
    const second = await signUpUser(testApp.app);
    const third = await signUpUser(testApp.app);
    expect((await change("promote", second)).statusCode).toBe(200);
    const { users: repository } = testApp.app.accounts;
    const { db } = testApp.app.database;

    // Both slots are held: taking either again breaks the unique index...
    for (const slot of [1, 2]) {
      const error = await repository.grantAdmin(third.id, slot).catch((caught) => caught);
      expect(violatedUniqueConstraint(error)).toBe("users_admin_slot_idx");
    }
    // ...and an admin without a slot, or with a third slot, breaks the check.
    for (const adminSlot of [null, 3]) {
      const error = await db
        .update(users)
        .set({ role: "admin", adminSlot })
        .where(eq(users.id, third.id))
        .catch((caught) => caught);
      expect(sqlState(error)).toBe("23514");
    }
    expect(await adminIds()).toEqual([admin.id, second.id].sort());
  });
});

describe("demote", () => {
  it("takes admin access away on the very next request", async () => {
    const second = await signUpUser(testApp.app);
    await change("promote", second);
    expect(await hasAdminAccess(second)).toBe(true);

    const demoted = await change("demote", second);
    expect(demoted.statusCode).toBe(200);
    expect(demoted.json()).toMatchObject({ id: second.id, role: "user" });
    expect(await hasAdminAccess(second)).toBe(false);
    // Demoting a plain user changes nothing.
    expect((await change("demote", second)).json().role).toBe("user");
  });

  it("refuses to demote the last admin with 409 admin.last_admin", async () => {
    const refused = await change("demote", admin);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("admin.last_admin");
    expect(await hasAdminAccess(admin)).toBe(true);
  });

  it("leaves one admin when both admins are demoted at once", async () => {
    const second = await signUpUser(testApp.app);
    await change("promote", second);
    // Each demotes the other at the same moment.
    const crossed = await Promise.all([change("demote", second), change("demote", admin, second)]);
    expect(crossed.map((answer) => answer.statusCode)).toContain(200);
    expect(await adminIds()).toHaveLength(1);

    // One admin again promotes, then demotes both at once.
    const [survivor] = await adminIds();
    const leader = survivor === admin.id ? admin : second;
    const other = leader === admin ? second : admin;
    await change("promote", other, leader);
    const both = await Promise.all([
      change("demote", leader, leader),
      change("demote", other, leader),
    ]);
    // The one refused is either the last admin (409) or a leader already demoted (403).
    const refused = both.filter((answer) => answer.statusCode !== 200);
    expect(refused).toHaveLength(1);
    expect(["admin.last_admin", "auth.forbidden"]).toContain(refused[0]?.json().error.code);
    expect(await adminIds()).toHaveLength(1);
  });
});

describe("delete", () => {
  it("deletes a user with their sessions and history, at once", async () => {
    const member = await signUpUser(testApp.app);
    const { db } = testApp.app.database;
    await db
      .insert(generations)
      .values({ userId: member.id, modelId: "phi-2", prompt: "hi", maxTokens: 8 });

    const leftOf = async () => ({
      users: await db.$count(users, eq(users.id, member.id)),
      sessions: await db.$count(sessions, eq(sessions.userId, member.id)),
      generations: await db.$count(generations, eq(generations.userId, member.id)),
    });
    expect(await leftOf()).toEqual({ users: 1, sessions: 1, generations: 1 });

    const deleted = await remove(member);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    expect(await leftOf()).toEqual({ users: 0, sessions: 0, generations: 0 });

    const signedOut = await testApp.app.inject({
      method: "GET",
      url: "/api/models",
      headers: member.headers,
    });
    expect(signedOut.statusCode).toBe(401);
    expect((await remove(member)).statusCode).toBe(404);
  });

  it("refuses to delete the last admin, even by themself", async () => {
    const refused = await remove(admin);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("admin.last_admin");
    expect(await adminIds()).toEqual([admin.id]);
  });

  it("lets an admin delete themself while another admin remains", async () => {
    const second = await signUpUser(testApp.app);
    await change("promote", second);

    expect((await remove(admin)).statusCode).toBe(204);
    expect(await adminIds()).toEqual([second.id]);
    expect((await remove(second, second)).json().error.code).toBe("admin.last_admin");
  });

  it("deletes another admin, freeing their slot for a promotion", async () => {
    const second = await signUpUser(testApp.app);
    const third = await signUpUser(testApp.app);
    await change("promote", second);
    expect((await remove(second)).statusCode).toBe(204);
    expect((await change("promote", third)).statusCode).toBe(200);
    expect(await adminIds()).toEqual([admin.id, third.id].sort());
  });
});
