import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, MIGRATION_LOCK, openDatabase } from "../db/database";
import { startTestPostgres, type TestPostgres } from "../testing/postgres-server";
import { type ServerProcess, startServerProcess } from "../testing/spawned-server";

/**
 * Two real server processes (`npm start`) on one PostgreSQL server, started together on an empty
 * database, spoken to over HTTP: what one replica does, the other must see at once.
 */

const JOURNAL = new URL("../../drizzle/meta/_journal.json", import.meta.url);
const LOGIN_LIMIT = 6;
/** How long a replica may take to exit after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5000;
const PASSWORD = "correct horse battery staple 42";

let postgres: TestPostgres | undefined;
const replicas: ServerProcess[] = [];
const dataDirs: string[] = [];
let a: ServerProcess;
let b: ServerProcess;

/** Each test sends its own client address (TRUST_PROXY is on), so its rate-limit buckets are its own. */
interface Caller {
  ip: string;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
  /** `error.code` of an error reply. */
  errorCode: string | undefined;
  /** The refresh cookie the reply set, as a `cookie` header value. */
  refreshCookie: string | undefined;
}

async function call(
  server: ServerProcess,
  caller: Caller,
  method: "GET" | "POST",
  url: string,
  options: { body?: object; token?: string; cookie?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { "x-forwarded-for": caller.ip };
  if (options.body) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers,
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  const refresh = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0] ?? "")
    .find((cookie) => /^codegenie_refresh=./.test(cookie));
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  return {
    status: response.status,
    body,
    errorCode: (body.error as { code?: string } | undefined)?.code,
    refreshCookie: refresh,
  };
}

async function register(server: ServerProcess, caller: Caller, username: string): Promise<Reply> {
  return call(server, caller, "POST", "/api/auth/register", {
    body: {
      username,
      email: `${username}@example.test`,
      password: PASSWORD,
      displayName: username,
    },
  });
}

async function login(server: ServerProcess, caller: Caller, username: string): Promise<Reply> {
  return call(server, caller, "POST", "/api/auth/login", {
    body: { username, password: PASSWORD },
  });
}

async function query<T>(text: string, database = "postgres"): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

function databaseUrl(database: string): string {
  if (!postgres) throw new Error("PostgreSQL is not running");
  return postgres.url.replace(/\/postgres$/, `/${database}`);
}

beforeAll(async () => {
  postgres = await startTestPostgres();
});

afterAll(async () => {
  await Promise.allSettled(replicas.map(stopReplica));
  await postgres?.stop();
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * SIGTERM, so the replica closes its sandbox processes and database pool; SIGKILL if it has not
 * exited after a while.
 */
async function stopReplica(replica: ServerProcess): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null) return;
  replica.child.kill("SIGTERM");
  const timer = setTimeout(() => replica.child.kill("SIGKILL"), STOP_GRACE_MS);
  await replica.exited;
  clearTimeout(timer);
}

/** Starts replicas A and B at the same moment on the empty `postgres` database. */
async function startReplicas(): Promise<void> {
  if (!postgres) throw new Error("PostgreSQL is not running");
  const env = {
    DATABASE_URL: postgres.url,
    JWT_SECRET_KEY: "replicas-test-secret-0123456789abcdef",
    TRUST_PROXY: "true",
    AUTH_RATE_LIMIT_MAX: String(LOGIN_LIMIT),
  };
  // Both run the migrator as they start.
  const startReplica = async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-replica-"));
    dataDirs.push(dataDir);
    const replica = await startServerProcess({
      ...env,
      DATA_DIR: dataDir,
      MODEL_GPU: "false",
      SHUTDOWN_TIMEOUT_MS: "2000",
    });
    replicas.push(replica);
    return replica;
  };
  const started = await Promise.allSettled([startReplica(), startReplica()]);
  for (const outcome of started) if (outcome.status === "rejected") throw outcome.reason;
  [a, b] = replicas as [ServerProcess, ServerProcess];
}

describe("two replicas on one PostgreSQL", () => {
  beforeAll(startReplicas);

  it("apply the migrations once when they start together", async () => {
    const journal = JSON.parse(await readFile(JOURNAL, "utf8")) as { entries: unknown[] };
    const applied = await query<{ hash: string }>(
      "select hash from drizzle.__drizzle_migrations order by id",
    );
    expect(applied).toHaveLength(journal.entries.length);
    expect(new Set(applied.map((row) => row.hash)).size).toBe(journal.entries.length);
    // Both started (neither failed on a half-migrated database) and reach it.
    for (const replica of [a, b]) {
      const ready = await call(replica, { ip: "192.0.2.1" }, "GET", "/readyz");
      expect(ready.body.checks).toMatchObject({ database: true });
    }
  });

  it("make exactly one of two first sign-ups at once the admin, and never a third admin", async () => {
    const caller = { ip: "192.0.2.2" };
    const firsts = await Promise.all([
      register(a, caller, "first-a"),
      register(b, caller, "first-b"),
    ]);
    expect(firsts.map((reply) => reply.status)).toEqual([201, 201]);
    const roles = firsts.map((reply) => reply.body.role).sort();
    expect(roles).toEqual(["admin", "user"]);
    const admin = firsts[0]?.body.role === "admin" ? "first-a" : "first-b";
    const plain = admin === "first-a" ? "first-b" : "first-a";
    expect((await register(a, caller, "third")).status).toBe(201);

    const session = await login(b, caller, admin);
    const token = session.body.accessToken as string;
    const ids = (await call(a, caller, "GET", "/api/admin/users?role=user", { token })).body
      .users as { id: string; username: string }[];
    const idOf = (username: string) => ids.find((user) => user.username === username)?.id;
    // One admin slot is left: promoting two users at once on different replicas fills it once.
    const promotions = await Promise.all([
      call(a, caller, "POST", `/api/admin/users/${idOf(plain)}/promote`, { token }),
      call(b, caller, "POST", `/api/admin/users/${idOf("third")}/promote`, { token }),
    ]);
    expect(promotions.map((reply) => reply.status).sort()).toEqual([200, 409]);
    const refused = promotions.find((reply) => reply.status === 409);
    expect(refused?.errorCode).toBe("admin.limit_reached");
    const admins = await query<{ count: number }>(
      "select count(*)::int as count from users where role = 'admin'",
    );
    expect(admins).toEqual([{ count: 2 }]);
  });

  it("honour on one replica a session opened on the other, and its logout at once", async () => {
    const caller = { ip: "192.0.2.3" };
    expect((await register(a, caller, "roaming")).status).toBe(201);
    const opened = await login(a, caller, "roaming");
    expect(opened.status).toBe(200);
    const firstToken = opened.body.accessToken as string;

    // The access token signed by A is accepted by B, and the refresh cookie set by A renews on B.
    const me = await call(b, caller, "GET", "/api/me", { token: firstToken });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe("roaming");
    const renewed = await call(b, caller, "POST", "/api/auth/refresh", {
      cookie: opened.refreshCookie,
    });
    expect(renewed.status).toBe(200);
    expect(renewed.refreshCookie).toBeDefined();
    const renewedToken = renewed.body.accessToken as string;
    expect((await call(a, caller, "GET", "/api/me", { token: renewedToken })).status).toBe(200);

    // Signing out on A ends the session for B with the very next request.
    const logout = await call(a, caller, "POST", "/api/auth/logout", {
      token: renewedToken,
      body: {},
    });
    expect(logout.status).toBe(204);
    for (const token of [firstToken, renewedToken]) {
      const refused = await call(b, caller, "GET", "/api/me", { token });
      expect(refused.status).toBe(401);
      expect(refused.errorCode).toBe("auth.session_revoked");
    }
    const refresh = await call(b, caller, "POST", "/api/auth/refresh", {
      cookie: renewed.refreshCookie,
    });
    expect(refresh.status).toBe(401);
    expect(refresh.errorCode).toBe("auth.refresh_invalid");
  });

  it("count sign-in attempts on both replicas against one limit", async () => {
    const caller = { ip: "192.0.2.4" };
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < LOGIN_LIMIT + 2; attempt += 1) {
      const reply = await login(attempt % 2 === 0 ? a : b, caller, "nobody-here");
      outcomes.push(`${reply.status} ${reply.errorCode}`);
    }
    // A limit per process would let 2 × LOGIN_LIMIT attempts through.
    expect(outcomes).toEqual([
      ...Array(LOGIN_LIMIT).fill("401 auth.invalid_credentials"),
      "429 rate_limited",
      "429 rate_limited",
    ]);
  });
});

describe("migrations on a PostgreSQL server", () => {
  it("wait for the migration lock another process holds", async () => {
    await query("create database lock_check");
    const holder = new pg.Client({ connectionString: databaseUrl("lock_check") });
    await holder.connect();
    let opening: Promise<DatabaseHandle> | undefined;
    try {
      await holder.query("select pg_advisory_lock(hashtext($1))", [MIGRATION_LOCK]);
      let isOpen = false;
      opening = openDatabase({ kind: "postgres", url: databaseUrl("lock_check") }).then(
        (handle) => {
          isOpen = true;
          return handle;
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(isOpen).toBe(false);
      expect(
        await query("select 1 from pg_namespace where nspname = 'drizzle'", "lock_check"),
      ).toEqual([]);

      await holder.query("select pg_advisory_unlock(hashtext($1))", [MIGRATION_LOCK]);
      const handle = await opening;
      opening = undefined;
      await handle.close();
      const applied = await query("select 1 from drizzle.__drizzle_migrations", "lock_check");
      expect(applied.length).toBeGreaterThan(0);
    } finally {
      await holder.end();
      // A failed check must not leave the opening pool behind.
      void opening?.then((handle) => handle.close()).catch(() => undefined);
    }
  });

  it("are applied once when many connections open an empty database at the same moment", async () => {
    await query("create database crowd_check");
    const handles = await Promise.all(
      Array.from({ length: 4 }, () =>
        openDatabase({ kind: "postgres", url: databaseUrl("crowd_check") }),
      ),
    );
    await Promise.all(handles.map((handle) => handle.close()));
    const journal = JSON.parse(await readFile(JOURNAL, "utf8")) as { entries: unknown[] };
    const applied = await query("select hash from drizzle.__drizzle_migrations", "crowd_check");
    expect(applied).toHaveLength(journal.entries.length);
  });
});
