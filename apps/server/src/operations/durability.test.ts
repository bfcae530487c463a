import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
// A test double for vLLM, which cannot run here: the cheapest way to have the server write
// history rows without the llama.cpp engine.
import { type OpenAiTestServer, startOpenAiTestServer } from "@codegenie/llm/remote/testing";
import { type THistoryItem, ZHistoryItem } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestPostgres, type TestPostgres } from "../testing/postgres-server";
import {
  killServerProcess,
  postJson,
  type ServerProcess,
  seedEmbeddedDatabase,
  signInOverHttp,
  startServerProcess,
} from "../testing/spawned-server";

/**
 * Durability: a real server process is killed with SIGKILL while clients write history
 * (POST /api/generate) and feedback (POST /api/feedback); after a restart on the same data every
 * write the server acknowledged (2xx) before the kill is there. Each database is killed
 * KILL_ROUNDS times.
 */

const KILL_ROUNDS = 2;
/** Clients writing at once. */
const WRITERS = 4;
/** Acknowledged answers per round before the kill (the kill then lands among requests in flight). */
const ANSWERS_BEFORE_KILL = 24;
/**
 * KILL_ROUNDS + 1 server starts per database, a few seconds each on idle cores; cores shared with
 * other suites can make that several times longer.
 */
const TEST_TIMEOUT_MS = 120_000;
const ANSWER = ["def", " add", "(a, b)", ":", " return", " a + b"];

/** What the server acknowledged: answers by history id, and the comment of each rated one. */
interface Acknowledged {
  answers: Set<string>;
  ratings: Map<string, { rating: number; comment: string }>;
}

let remote: OpenAiTestServer;
let modelsFolder: string;
let modelsFile: string;
beforeAll(async () => {
  remote = await startOpenAiTestServer({ pieces: ANSWER });
  modelsFolder = await mkdtemp(path.join(tmpdir(), "codegenie-durability-models-"));
  modelsFile = path.join(modelsFolder, "models.json");
  const model = {
    id: "remote",
    name: "Remote",
    promptFormat: "chatml",
    source: { openai: { baseUrls: [remote.baseUrl], model: "served-model" } },
  };
  await writeFile(modelsFile, JSON.stringify({ models: [model] }));
});
afterAll(async () => {
  await remote.close();
  await rm(modelsFolder, { recursive: true, force: true });
});

/**
 * One client: asks for an answer, rates it with a unique comment, again and again, recording what
 * was acknowledged, until a request fails (the server is gone).
 */
async function writeUntilKilled(
  server: ServerProcess,
  accessToken: string,
  label: string,
  acknowledged: Acknowledged,
): Promise<void> {
  const { url } = server;
  for (let turn = 1; ; turn += 1) {
    try {
      const answer = await postJson(
        `${url}/api/generate`,
        { model: "remote", prompt: `Write an add function (${label} #${turn})`, maxTokens: 16 },
        accessToken,
      );
      if (answer.status !== 200) throw new Error(`generate answered ${answer.status}`);
      const { id } = (await answer.json()) as { id: string };
      acknowledged.answers.add(id);

      const rated = { rating: 1 + (turn % 5), comment: `${label} #${turn} was useful` };
      const feedback = await postJson(
        `${url}/api/feedback`,
        { queryId: id, ...rated },
        accessToken,
      );
      if (feedback.status !== 201) throw new Error(`feedback answered ${feedback.status}`);
      acknowledged.ratings.set(id, rated);
    } catch (error) {
      // Only the kill ends the loop (fetch fails with a TypeError when the connection breaks):
      // any other failure is a defect the test must show.
      if (error instanceof TypeError && server.child.killed) return;
      throw error;
    }
  }
}

const ZExport = z.object({ items: z.array(ZHistoryItem) });

/** Every history row of the signed-in user, with its feedback, by id. */
async function readHistory(url: string, accessToken: string): Promise<Map<string, THistoryItem>> {
  const response = await fetch(`${url}/api/history/export?format=json`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(response.status).toBe(200);
  const { items } = ZExport.parse(await response.json());
  return new Map(items.map((item) => [item.id, item]));
}

/** Resolves once `count` answers have been acknowledged; fails when the writers stop first. */
async function answersAcknowledged(
  acknowledged: Acknowledged,
  count: number,
  writers: Promise<void>[],
): Promise<void> {
  let isWriting = true;
  const stopped = Promise.all(writers).finally(() => {
    isWriting = false;
  });
  while (acknowledged.answers.size < count) {
    if (!isWriting) {
      await stopped;
      throw new Error("the writers stopped before the kill");
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function killWhileWriting(database: Record<string, string>): Promise<void> {
  const acknowledged: Acknowledged = { answers: new Set(), ratings: new Map() };
  let server = await startServerProcess({ ...database, CODEGENIE_MODELS_FILE: modelsFile });
  try {
    let accessToken = await signInOverHttp(server.url, true);
    for (let round = 1; round <= KILL_ROUNDS; round += 1) {
      const before = acknowledged.answers.size;
      const writers = Array.from({ length: WRITERS }, (_, writer) =>
        writeUntilKilled(server, accessToken, `round ${round} writer ${writer}`, acknowledged),
      );
      await answersAcknowledged(acknowledged, before + ANSWERS_BEFORE_KILL, writers);
      server.child.kill("SIGKILL");
      await Promise.all(writers);
      expect((await server.exited).signal).toBe("SIGKILL");

      server = await startServerProcess({ ...database, CODEGENIE_MODELS_FILE: modelsFile });
      accessToken = await signInOverHttp(server.url, false);
      const history = await readHistory(server.url, accessToken);
      const lostAnswers = [...acknowledged.answers].filter(
        (id) =>
          history.get(id)?.status !== "completed" || history.get(id)?.answer !== ANSWER.join(""),
      );
      const lostRatings = [...acknowledged.ratings].filter(([id, rated]) => {
        const feedback = history.get(id)?.feedback;
        return feedback?.rating !== rated.rating || feedback.comment !== rated.comment;
      });
      expect({ round, lostAnswers, lostRatings }).toEqual({
        round,
        lostAnswers: [],
        lostRatings: [],
      });
    }
    // Every round killed the server among acknowledged writes of both kinds.
    expect(acknowledged.answers.size).toBeGreaterThanOrEqual(KILL_ROUNDS * ANSWERS_BEFORE_KILL);
    expect(acknowledged.ratings.size).toBeGreaterThanOrEqual(
      KILL_ROUNDS * (ANSWERS_BEFORE_KILL - WRITERS),
    );
  } finally {
    await killServerProcess(server);
  }
}

describe("a server killed with SIGKILL while writing history and feedback", () => {
  it("keeps every acknowledged write in the embedded database (DATA_DIR)", {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-durability-"));
    try {
      await seedEmbeddedDatabase(dataDir);
      await killWhileWriting({ DATA_DIR: dataDir });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("keeps every acknowledged write in PostgreSQL (DATABASE_URL)", {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-durability-"));
    let postgres: TestPostgres | undefined;
    try {
      postgres = await startTestPostgres();
      await killWhileWriting({ DATA_DIR: dataDir, DATABASE_URL: postgres.url });
    } finally {
      await postgres?.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
