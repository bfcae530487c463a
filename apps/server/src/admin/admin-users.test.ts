import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// The admin listing and who may use the admin routes; promotion rules are in
// admin-lifecycle.test.ts, the audit log in admin-audit.test.ts.
let testApp: TestApp;
let admin: TestUser;
let member: TestUser;

/** Signs a user up (without signing in) with a chosen display name and email. */
async function register(username: string, displayName: string, email: string): Promise<void> {
  const response = await testApp.app.inject({
    method: "POST",
    url: "/api/auth/register",
    payload: { username, email, displayName, password: "correct horse battery staple 42" },
  });
  if (response.statusCode !== 201) throw new Error(`sign-up failed: ${response.body}`);
}

const listUsers = (query: string, as: TestUser = admin) =>
  testApp.app.inject({ method: "GET", url: `/api/admin/users?${query}`, headers: as.headers });

const usernamesOf = (body: { users: { username: string }[] }) =>
  body.users.map((user) => user.username);

beforeAll(async () => {
  testApp = await buildTestApp({ AUTH_RATE_LIMIT_MAX: "1000" });
  admin = await signUpUser(testApp.app, { username: "root-admin" });
  member = await signUpUser(testApp.app, { username: "member" });
  await register("ada.lovelace", "Ada Lovelace", "ada@analytical.test");
  await register("grace", "Grace Hopper", "grace@navy.test");
  await register("hopper-fan", "Fan of Ada", "fan@example.test");
  await register("linus_t", "Linus", "linus@kernel.test");
  await register("percent", "100% Sure", "percent@example.test");
});
afterAll(() => testApp.close());

describe("GET /api/admin/users", () => {
  it("pages through every user exactly once, newest first, with the total", async () => {
    const pages = [];
    for (const page of [1, 2, 3]) {
      const response = await listUsers(`page=${page}&pageSize=3`);
      expect(response.statusCode).toBe(200);
      pages.push(response.json());
    }
    expect(pages.map((page) => page.users.length)).toEqual([3, 3, 1]);
    expect(pages.every((page) => page.total === 7 && page.pageSize === 3)).toBe(true);
    const usernames = pages.flatMap(usernamesOf);
    expect(new Set(usernames).size).toBe(7);
    expect(usernames[0]).toBe("percent");
    expect(usernames.at(-1)).toBe("root-admin");

    const pastTheEnd = (await listUsers("page=4&pageSize=3")).json();
    expect(pastTheEnd).toMatchObject({ users: [], total: 7, page: 4 });
  });

  it("shows what an admin needs and nothing secret", async () => {
    const body = (await listUsers("q=root-admin")).json();
    expect(body.users).toHaveLength(1);
    const [shown] = body.users;
    expect(Object.keys(shown).sort()).toEqual(
      [
        "avatarSource",
        "avatarUrl",
        "createdAt",
        "displayName",
        "email",
        "id",
        "isLocked",
        "isPasswordResetRequired",
        "lastActiveAt",
        "lastLoginAt",
        "queryCount",
        "averageRating",
        "role",
        "username",
      ].sort(),
    );
    expect(shown).toMatchObject({ id: admin.id, role: "admin", isLocked: false });
    expect(Date.parse(shown.lastLoginAt)).not.toBeNaN();

    const neverSignedIn = (await listUsers("q=grace")).json().users[0];
    expect(neverSignedIn).toMatchObject({ username: "grace", role: "user", lastLoginAt: null });
  });

  it("finds users by part of their user id, display name or email, any case, prefixes first", async () => {
    const ada = (await listUsers("q=ADA")).json();
    // ada.lovelace starts with "ada"; hopper-fan only has it inside "Fan of Ada".
    expect(usernamesOf(ada)).toEqual(["ada.lovelace", "hopper-fan"]);
    expect(ada.total).toBe(2);
    expect(usernamesOf((await listUsers("q=navy")).json())).toEqual(["grace"]);
    expect(usernamesOf((await listUsers("q=hopper")).json()).sort()).toEqual([
      "grace",
      "hopper-fan",
    ]);
  });

  it("takes the search text literally: no wildcards, no SQL", async () => {
    expect(usernamesOf((await listUsers("q=%25")).json())).toEqual(["percent"]);
    expect(usernamesOf((await listUsers("q=_")).json())).toEqual(["linus_t"]);
    const injection = await listUsers(`q=${encodeURIComponent("' or 1=1; drop table users; --")}`);
    expect(injection.statusCode).toBe(200);
    expect(injection.json()).toMatchObject({ users: [], total: 0 });
    expect((await listUsers("q=%20%20")).json().total).toBe(7);
  });

  it("filters by role", async () => {
    const admins = (await listUsers("role=admin")).json();
    expect(usernamesOf(admins)).toEqual(["root-admin"]);
    expect(admins.total).toBe(1);
    const plainUsers = (await listUsers("role=user&q=a")).json();
    expect(plainUsers.users.every((user: { role: string }) => user.role === "user")).toBe(true);
    expect(usernamesOf(plainUsers)).not.toContain("root-admin");
  });

  it("rejects bad paging and roles with 400 naming the field", async () => {
    for (const query of ["pageSize=101", "page=0", "role=owner", `q=${"x".repeat(101)}`]) {
      const response = await listUsers(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe("request.invalid");
      expect(response.json().error.message).toContain("querystring.");
    }
  });
});

describe("who may use the admin routes", () => {
  const adminRoutes = () => [
    { method: "GET" as const, url: "/api/admin/users" },
    { method: "GET" as const, url: "/api/admin/audit" },
    { method: "POST" as const, url: `/api/admin/users/${member.id}/promote` },
    { method: "POST" as const, url: `/api/admin/users/${admin.id}/demote` },
    { method: "DELETE" as const, url: `/api/admin/users/${admin.id}` },
  ];

  it("refuses a signed-in user with 403 auth.forbidden on every admin route, changing nothing", async () => {
    for (const route of adminRoutes()) {
      const response = await testApp.app.inject({ ...route, headers: member.headers });
      expect(response.statusCode, route.url).toBe(403);
      expect(response.json().error.code).toBe("auth.forbidden");
    }
    const admins = (await listUsers("role=admin")).json();
    expect(usernamesOf(admins)).toEqual(["root-admin"]);
  });

  it("refuses anonymous callers with 401", async () => {
    for (const route of adminRoutes()) {
      const response = await testApp.app.inject(route);
      expect(response.statusCode, route.url).toBe(401);
      expect(response.json().error.code).toBe("auth.unauthenticated");
    }
  });

  it("answers a malformed user id with 400 and an unknown one with 404 user.not_found", async () => {
    for (const [method, suffix] of [
      ["POST", "/promote"],
      ["POST", "/demote"],
      ["DELETE", ""],
    ] as const) {
      const malformed = await testApp.app.inject({
        method,
        url: `/api/admin/users/not-a-uuid${suffix}`,
        headers: admin.headers,
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error).toMatchObject({ code: "request.invalid" });
      expect(malformed.json().error.message).toContain("params.id");

      const unknown = await testApp.app.inject({
        method,
        url: `/api/admin/users/${randomUUID()}${suffix}`,
        headers: admin.headers,
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe("user.not_found");
    }
  });
});
