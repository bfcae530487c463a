import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "./db/database";
import { GenerationRepository } from "./generation/generation.repository";

// `npm start`'s entry point as a real process: it listens, and on SIGTERM it lets a running
// generation go on for SHUTDOWN_TIMEOUT_MS, then cancels it with its partial answer saved, closes
// the database and exits 0.
const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

let dataDir: string;
const started: ChildProcess[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-main-"));
  await writeFile(
    path.join(dataDir, "models.json"),
    JSON.stringify({
      models: [
        {
          id: "slow",
          name: "Streaming test model",
          promptFormat: "deepseek-coder",
          source: { file: inject("streamingModelPath") },
        },
      ],
    }),
  );
});
afterAll(async () => {
  for (const server of started) if (server.exitCode === null) server.kill("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts main.ts and resolves with the process and its URL once it listens. */
async function startMain(): Promise<{ server: ChildProcess; url: string; logs: string[] }> {
  const server = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: "0",
      LOG_LEVEL: "info",
      MODEL_THREADS: "1",
      PASSWORD_HASH_ITERATIONS: "1000",
      SHUTDOWN_TIMEOUT_MS: "700",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  started.push(server);
  const logs: string[] = [];
  const lines = createInterface({ input: server.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      logs.push(line);
      const match = /CodeGenie is running at (http:\/\/[^\s"]+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    server.once("exit", (code) => reject(new Error(`main.ts exited early with ${code}`)));
  });
  return { server, url, logs };
}

/** Signs the first user up and in over HTTP; returns the access token. */
async function signUp(url: string): Promise<string> {
  const account = { username: "operator", password: "correct horse battery staple 42" };
  const post = (path: string, body: object) =>
    fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  await post("/api/auth/register", { ...account, email: "op@example.test", displayName: "Op" });
  const login = await post("/api/auth/login", account);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return accessToken;
}

describe("main.ts", () => {
  it("shuts down gracefully on SIGTERM, saving the partial answer of a running generation", async () => {
    const { server, url, logs } = await startMain();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    const accessToken = await signUp(url);

    const response = await fetch(`${url}/api/generate`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        authorization: `Bearer ${accessToken}`,
      },
      body: JSON.stringify({ model: "slow", prompt: "Write a long program", maxTokens: 3500 }),
    });
    if (!response.body) throw new Error("no response body");
    const reader = response.body.getReader();
    let received = "";
    while (!received.includes("event: text-delta")) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error("the stream ended before any text");
      received += new TextDecoder().decode(chunk.value);
    }

    const exited = once(server, "exit");
    server.kill("SIGTERM");
    // The stream still ends properly: its last event says the answer was cut short.
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      received += new TextDecoder().decode(chunk.value);
    }
    const [exitCode] = await exited;
    expect(exitCode, logs.slice(-8).join("\n")).toBe(0);
    expect(received).toContain("event: generation-end");
    expect(received).toMatch(/"finishReason":"aborted"/);
    expect(logs.join("\n")).toContain("shutting down");

    const start = /"type":"generation-start","id":"([0-9a-f-]+)"/.exec(received);
    const database = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "db") });
    const row = await new GenerationRepository(database.db).find(start?.[1] ?? "");
    await database.close();
    expect(row).toMatchObject({ status: "cancelled", finishReason: "aborted" });
    expect(row?.responseText.length).toBeGreaterThan(0);
    expect(row?.completionTokens).toBeLessThan(3500);
  });
});
