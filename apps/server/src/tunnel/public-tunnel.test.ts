import { Writable } from "node:stream";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../config/config";
import {
  planTunnel,
  preparePublicTunnel,
  type TunnelForward,
  tunnelAddress,
} from "./public-tunnel";

interface LogLine {
  level: number;
  msg: string;
  url?: string;
}

/** A Fastify server on a free loopback port whose JSON log lines are kept. */
async function startServer(): Promise<{ app: FastifyInstance; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = Fastify({ logger: { level: "info", stream } });
  app.get("/healthz", async () => ({ status: "ok" }));
  return { app, logs };
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (typeof address !== "object" || !address) throw new Error("not listening on TCP");
  return address.port;
}

const servers: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((app) => app.close()));
});

const base = { host: "127.0.0.1", trustProxy: true };

describe("planTunnel", () => {
  it("opens a tunnel only when there is a token, and refuses --tunnel without one", () => {
    expect(planTunnel(undefined)).toEqual({ isWanted: false });
    expect(planTunnel(undefined, false)).toEqual({ isWanted: false });
    expect(planTunnel("tok_123")).toEqual({ isWanted: true, authtoken: "tok_123" });
    expect(planTunnel("tok_123", true)).toEqual({ isWanted: true, authtoken: "tok_123" });
    expect(() => planTunnel(undefined, true)).toThrow(ConfigError);
    expect(() => planTunnel(undefined, true)).toThrow(/--tunnel needs .*NGROK_AUTHTOKEN/);
  });

  it("points ngrok at loopback when the server listens on every interface", () => {
    expect(tunnelAddress("0.0.0.0", 8501)).toBe("127.0.0.1:8501");
    expect(tunnelAddress("::", 8501)).toBe("[::1]:8501");
    expect(tunnelAddress("127.0.0.1", 80)).toBe("127.0.0.1:80");
    expect(tunnelAddress("::1", 80)).toBe("[::1]:80");
    expect(tunnelAddress("localhost", 80)).toBe("localhost:80");
  });
});

describe("preparePublicTunnel", () => {
  it("does nothing without NGROK_AUTHTOKEN", async () => {
    const { app, logs } = await startServer();
    servers.push(app);
    let calls = 0;
    const forward: TunnelForward = async () => {
      calls += 1;
      throw new Error("must not be called");
    };
    const tunnel = preparePublicTunnel(app, { ...base, ngrokAuthtoken: undefined }, { forward });
    const port = await listen(app);
    expect(await tunnel.open(port)).toBeNull();
    expect(calls).toBe(0);
    expect(logs.some((line) => /public URL|ngrok/.test(line.msg))).toBe(false);
  });

  it("logs ngrok's failure and keeps serving locally (the real @ngrok/ngrok, no network here)", async () => {
    const { app, logs } = await startServer();
    servers.push(app);
    const tunnel = preparePublicTunnel(app, { ...base, ngrokAuthtoken: "not_a_real_token" });
    const port = await listen(app);
    expect(await tunnel.open(port)).toBeNull();

    const failure = logs.find((line) => line.msg.startsWith("could not open the public URL"));
    expect(failure?.level).toBe(50);
    expect(failure?.msg).toContain(`keeps serving locally on port ${port}`);
    expect(JSON.stringify(logs)).not.toContain("not_a_real_token");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });

  // ngrok's service cannot be reached here: a stand-in for `forward` plays the part of a session
  // that opened, to show what CodeGenie does with it.
  it("logs the public URL, warns without TRUST_PROXY, and closes the tunnel when the app closes", async () => {
    const { app, logs } = await startServer();
    const calls: { addr: string; authtoken: string }[] = [];
    const events: string[] = [];
    const forward: TunnelForward = async (options) => {
      calls.push(options);
      return {
        url: () => "https://codegenie-test.ngrok.app",
        close: async () => {
          events.push(`tunnel closed; server listening: ${app.server.listening}`);
        },
      };
    };
    const tunnel = preparePublicTunnel(
      app,
      { host: "0.0.0.0", trustProxy: false, ngrokAuthtoken: "tok_abc" },
      { forward, isTunnelRequested: true },
    );
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;

    expect(await tunnel.open(port)).toBe("https://codegenie-test.ngrok.app");
    expect(calls).toEqual([{ addr: `127.0.0.1:${port}`, authtoken: "tok_abc" }]);
    expect(logs.find((line) => line.url)?.msg).toBe("public URL: https://codegenie-test.ngrok.app");
    expect(
      logs.some((line) => line.level === 40 && line.msg.includes("set TRUST_PROXY=true")),
    ).toBe(true);

    await app.close();
    // Closed before the local server stopped listening (preClose), and only once.
    expect(events).toEqual(["tunnel closed; server listening: true"]);
    expect(logs.some((line) => line.msg === "closed the public URL")).toBe(true);
  });
});
