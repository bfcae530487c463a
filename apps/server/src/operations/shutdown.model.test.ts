import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type TStreamEvent, ZErrorResponse, ZHistoryItem, ZStreamEvent } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "../db/database";
import { GenerationRepository } from "../generation/generation.repository";
import {
  killServerProcess,
  postJson,
  type ServerProcess,
  seedEmbeddedDatabase,
  signInOverHttp,
  startServerProcess,
} from "../testing/spawned-server";

/**
 * Graceful shutdown of a real server process (`npm start`) on SIGTERM: new generations get 503
 * while running ones go on until SHUTDOWN_TIMEOUT_MS; then the rest are cancelled with their
 * partial answers saved, and the process exits 0.
 */

/** The deadline of the first server: a long answer is still running when it passes. */
const SHORT_DEADLINE_MS = 1500;
/** The deadline of the second server: a short answer finishes well before it. */
const LONG_DEADLINE_MS = 20_000;
/** Time the server may take after its deadline (see CLOSE_GRACE_MS in run-server.ts). */
const CLOSE_GRACE_MS = 5000;

let dataDir: string;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-shutdown-"));
  await seedEmbeddedDatabase(dataDir);
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
  for (const server of servers) await killServerProcess(server);
  await rm(dataDir, { recursive: true, force: true });
});

async function start(shutdownTimeoutMs: number): Promise<ServerProcess> {
  const server = await startServerProcess({
    DATA_DIR: dataDir,
    SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
  });
  servers.push(server);
  return server;
}

/** A generation streamed as server-sent events: the events so far, and when the stream ends. */
interface Streamed {
  events: TStreamEvent[];
  /** Resolves once the first text arrived. */
  firstText: Promise<void>;
  /** Resolves when the response body ends normally (rejects when the connection breaks). */
  ended: Promise<void>;
}

async function streamGeneration(url: string, accessToken: string, maxTokens: number) {
  const response = await postJson(
    `${url}/api/generate`,
    { model: "slow", prompt: "Write a long program", maxTokens },
    accessToken,
    { accept: "text/event-stream" },
  );
  expect(response.status).toBe(200);
  if (!response.body) throw new Error("no response body");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const events: TStreamEvent[] = [];
  let onFirstText = () => {};
  const firstText = new Promise<void>((resolve) => {
    onFirstText = resolve;
  });
  const ended = (async () => {
    let buffered = "";
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      buffered += chunk.value;
      const blocks = buffered.split("\n\n");
      buffered = blocks.pop() ?? "";
      for (const block of blocks) {
        const data = block.split("\n").find((line) => line.startsWith("data: "));
        const event = ZStreamEvent.parse(JSON.parse(data?.slice(6) ?? ""));
        events.push(event);
        if (event.type === "text-delta") onFirstText();
      }
    }
  })();
  // A stream that ends before any text must fail the test, not hang it.
  void ended.then(onFirstText, onFirstText);
  const streamed: Streamed = { events, firstText, ended };
  return streamed;
}

const textOf = (events: TStreamEvent[]) =>
  events.flatMap((event) => (event.type === "text-delta" ? [event.text] : [])).join("");

function idOf(events: TStreamEvent[]): string {
  const start = events.find((event) => event.type === "generation-start");
  if (!start) throw new Error("no generation-start event");
  return start.id;
}

describe("SIGTERM", () => {
  it("refuses new generations, cancels the one still running at the deadline with its partial answer saved, and exits 0", async () => {
    const server = await start(SHORT_DEADLINE_MS);
    const accessToken = await signInOverHttp(server.url, true);
    const long = await streamGeneration(server.url, accessToken, 2048);
    await long.firstText;
    const textBeforeSignal = textOf(long.events);
    expect(textBeforeSignal).not.toBe("");

    const signalledAt = Date.now();
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Draining: not ready, new generations refused with the catalogue's code, other requests served.
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { acceptingRequests: false } });
    const refused = await postJson(
      `${server.url}/api/generate`,
      { model: "slow", prompt: "One more", maxTokens: 8 },
      accessToken,
    );
    expect(refused.status).toBe(503);
    expect(ZErrorResponse.parse(await refused.json()).error.code).toBe("server.shutting_down");
    const history = await fetch(`${server.url}/api/history`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(history.status).toBe(200);

    // The stream ends properly: the answer went on until the deadline, then generation-end.
    await long.ended;
    const { code } = await server.exited;
    const exitedAfterMs = Date.now() - signalledAt;
    expect(code, server.logs.slice(-10).join("\n")).toBe(0);
    expect(exitedAfterMs).toBeLessThan(SHORT_DEADLINE_MS + CLOSE_GRACE_MS);
    expect(long.events.at(-1)).toMatchObject({ type: "generation-end", finishReason: "aborted" });
    const answer = textOf(long.events);
    expect(answer.length).toBeGreaterThan(textBeforeSignal.length);

    // After a restart on the same DATA_DIR the history has the partial answer, as streamed.
    const restarted = await start(LONG_DEADLINE_MS);
    const row = await fetch(`${restarted.url}/api/history/${idOf(long.events)}`, {
      headers: { authorization: `Bearer ${await signInOverHttp(restarted.url, false)}` },
    });
    expect(row.status).toBe(200);
    expect(ZHistoryItem.parse(await row.json())).toMatchObject({
      status: "cancelled",
      finishReason: "aborted",
      answer,
    });
  });

  it("lets a generation that finishes before the deadline complete, and exits as soon as it has", async () => {
    const server = servers.at(-1);
    if (!server || server.child.exitCode !== null) throw new Error("the restarted server is gone");
    const accessToken = await signInOverHttp(server.url, false);
    const short = await streamGeneration(server.url, accessToken, 48);
    await short.firstText;

    const signalledAt = Date.now();
    server.child.kill("SIGTERM");
    await short.ended;
    const { code } = await server.exited;
    expect(code, server.logs.slice(-10).join("\n")).toBe(0);
    // It did not wait for the 20 s deadline once nothing was running.
    expect(Date.now() - signalledAt).toBeLessThan(LONG_DEADLINE_MS);
    const end = short.events.at(-1);
    expect(end).toMatchObject({ type: "generation-end" });
    expect(end?.type === "generation-end" && end.finishReason).not.toBe("aborted");

    const database = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "db") });
    try {
      const row = await new GenerationRepository(database.db).find(idOf(short.events));
      expect(row).toMatchObject({ status: "completed", responseText: textOf(short.events) });
    } finally {
      await database.close();
    }
  });
});
