import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The session lives in module state, so every test imports fresh copies of the modules. `fetch`
// is replaced by a fake server: these tests are about the client's own rules (single-flight
// renewal, retry once, sign out on revocation); the e2e tests run them against the real server.

const USER = {
  id: "7d1f0a52-3b7e-4f57-9a43-2b8d0c6f5e11",
  username: "ada",
  email: "ada@example.test",
  displayName: "Ada",
  role: "user",
  avatarSource: "initials",
  avatarUrl: null,
  createdAt: "2025-01-01T00:00:00.000Z",
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const session = (accessToken: string) =>
  json(200, { accessToken, tokenType: "Bearer", expiresIn: 900, user: USER });
const failure = (status: number, code: string) =>
  json(status, { error: { code, message: `${code} message` } });

interface Call {
  url: string;
  authorization: string | null;
}

/** A fake server: answers refreshes with `refreshAnswers` in turn, everything else with `api`. */
function fakeServer(refreshAnswers: Array<() => Response>, api: (call: Call) => Response) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const call = { url, authorization: new Headers(init?.headers).get("authorization") };
    calls.push(call);
    // Let concurrent callers pile up, as they would behind a real network round trip.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (url === "/api/auth/refresh") {
      const answer = refreshAnswers.shift();
      if (!answer) throw new Error("unexpected refresh");
      return answer();
    }
    return api(call);
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, refreshCount: () => calls.filter((c) => c.url === "/api/auth/refresh").length };
}

async function loadModules() {
  const auth = await import("./auth-session");
  const { sessionStore } = await import("./session-store");
  return { ...auth, sessionStore };
}

beforeEach(() => vi.resetModules());
afterEach(() => vi.unstubAllGlobals());

describe("the auth session", () => {
  it("restores the session from the cookie once, and is signed out quietly without one", async () => {
    const server = fakeServer([() => failure(401, "auth.refresh_invalid")], () => json(200, {}));
    const { restoreSession, sessionStore } = await loadModules();
    expect(sessionStore.getSnapshot().status).toBe("restoring");
    await Promise.all([restoreSession(), restoreSession()]);
    expect(server.refreshCount()).toBe(1);
    expect(sessionStore.getSnapshot()).toMatchObject({ status: "signed-out", endedBecause: null });
  });

  it("shares one refresh between everyone who asks at the same time", async () => {
    const server = fakeServer([() => session("token-1"), () => session("token-2")], () =>
      json(200, {}),
    );
    const { refreshSession, sessionStore } = await loadModules();
    const tokens = await Promise.all([refreshSession(), refreshSession(), refreshSession()]);
    expect(tokens).toEqual(["token-1", "token-1", "token-1"]);
    expect(server.refreshCount()).toBe(1);
    expect(sessionStore.getSnapshot()).toMatchObject({
      status: "signed-in",
      user: { id: USER.id },
    });
    // Once it has answered, the next renewal is a new request.
    expect(await refreshSession()).toBe("token-2");
    expect(server.refreshCount()).toBe(2);
  });

  it("renews an expired token once for concurrent requests and retries each of them", async () => {
    const server = fakeServer([() => session("old"), () => session("new")], (call) =>
      call.authorization === "Bearer new"
        ? json(200, { ok: true })
        : failure(401, "auth.token_expired"),
    );
    const { authorizedFetch } = await loadModules();
    const responses = await Promise.all([
      authorizedFetch("/api/models"),
      authorizedFetch("/api/me"),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    // One restore, one renewal for both requests.
    expect(server.refreshCount()).toBe(2);
    const retried = server.calls.filter((call) => call.authorization === "Bearer new");
    expect(retried.map((call) => call.url).sort()).toEqual(["/api/me", "/api/models"]);
  });

  it("retries only once: a second expiry is answered as it is", async () => {
    const server = fakeServer([() => session("a"), () => session("b")], () =>
      failure(401, "auth.token_expired"),
    );
    const { authorizedFetch } = await loadModules();
    const response = await authorizedFetch("/api/models");
    expect(response.status).toBe(401);
    expect(server.calls.filter((call) => call.url === "/api/models")).toHaveLength(2);
  });

  it("signs out, saying why, when the server has ended the session", async () => {
    fakeServer([() => session("token")], () => failure(401, "auth.session_revoked"));
    const { authorizedFetch, sessionStore } = await loadModules();
    const response = await authorizedFetch("/api/me");
    expect(response.status).toBe(401);
    expect(sessionStore.getSnapshot().status).toBe("signed-out");
    expect(sessionStore.getSnapshot().endedBecause?.code).toBe("auth.session_revoked");
    expect(sessionStore.getAccessToken()).toBeNull();
  });

  it("signs out when renewal is refused, e.g. because the refresh token was used twice", async () => {
    fakeServer([() => session("token"), () => failure(401, "auth.refresh_invalid")], () =>
      failure(401, "auth.token_expired"),
    );
    const { authorizedFetch, sessionStore } = await loadModules();
    await authorizedFetch("/api/me");
    expect(sessionStore.getSnapshot().endedBecause?.code).toBe("auth.refresh_invalid");
  });

  it("keeps the session when the server cannot be reached", async () => {
    fakeServer([() => session("token")], () => json(200, {}));
    const { authorizedFetch, sessionStore } = await loadModules();
    await authorizedFetch("/api/me");
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
    await expect(authorizedFetch("/api/me")).rejects.toMatchObject({ code: "client.network" });
    expect(sessionStore.getSnapshot().status).toBe("signed-in");
  });
});
