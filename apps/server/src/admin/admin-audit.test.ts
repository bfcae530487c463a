import type { TAuditEntry } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";

// What admin actions leave in the audit log, and reading it.
let testApp: TestApp;
let admin: TestUser;
let member: TestUser;
const userAgent = "audit-test/1.0";

beforeAll(async () => {
  testApp = await buildTestApp({ AUTH_RATE_LIMIT_MAX: "1000" });
  admin = await signUpUser(testApp.app, { username: "chief" });
  member = await signUpUser(testApp.app, { username: "worker" });
  for (const [method, url] of [
    ["POST", `/api/admin/users/${member.id}/promote`],
    ["POST", `/api/admin/users/${member.id}/demote`],
    ["DELETE", `/api/admin/users/${member.id}`],
  ] as const) {
    const response = await testApp.app.inject({
      method,
      url,
      headers: { ...admin.headers, "user-agent": userAgent },
    });
    if (response.statusCode >= 300) throw new Error(`${url} failed: ${response.body}`);
  }
});
afterAll(() => testApp.close());

const readAudit = (query: string) =>
  testApp.app.inject({ method: "GET", url: `/api/admin/audit?${query}`, headers: admin.headers });

describe("GET /api/admin/audit", () => {
  it("records each admin action with actor, target, IP and user agent, newest first", async () => {
    const response = await readAudit("pageSize=3");
    expect(response.statusCode).toBe(200);
    const entries: TAuditEntry[] = response.json().entries;
    expect(entries.map((entry) => entry.action)).toEqual([
      "user.deleted",
      "user.demoted",
      "user.promoted",
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        actorId: admin.id,
        actorUsername: "chief",
        // The names outlive the deleted account.
        targetId: member.id,
        targetUsername: "worker",
        ip: "127.0.0.1",
        userAgent,
      });
      expect(Date.parse(entry.createdAt)).not.toBeNaN();
    }
    expect(entries[0]?.details).toEqual({ role: "user" });
  });

  it("filters by action and pages with the total", async () => {
    const promoted = (await readAudit("action=user.promoted")).json();
    expect(promoted.total).toBe(1);
    expect(promoted.entries).toHaveLength(1);
    expect(promoted.entries[0].targetUsername).toBe("worker");

    // Two sign-ups, two sign-ins and three admin actions so far.
    const firstPage = (await readAudit("page=1&pageSize=4")).json();
    const secondPage = (await readAudit("page=2&pageSize=4")).json();
    expect(firstPage.total).toBe(7);
    expect([...firstPage.entries, ...secondPage.entries].map((entry) => entry.id)).toHaveLength(7);
    expect(secondPage.entries.at(-1).action).toBe("user.registered");
  });

  it("rejects an unknown action with 400", async () => {
    const response = await readAudit("action=user.vanished");
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("request.invalid");
  });
});
