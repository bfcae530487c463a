import { afterEach, describe, expect, it, vi } from "vitest";
import type { ModelDefinition } from "../../models/model-definition";
import type { GenerationRequest } from "../engine-types";
import { ModelManager } from "../model-manager";
import {
  type OpenAiTestServer,
  remoteModelDefinition,
  startOpenAiTestServer,
} from "./openai-test-server";

// vLLM, TGI and Ollama cannot run here: the server is the OpenAI-compatible test double. The
// manager never starts llama.cpp for remote models.
let servers: OpenAiTestServer[] = [];
let managers: ModelManager[] = [];

afterEach(async () => {
  await Promise.all(managers.map((manager) => manager.dispose()));
  await Promise.all(servers.map((server) => server.close()));
  managers = [];
  servers = [];
});

async function startHoldingServer(): Promise<OpenAiTestServer> {
  const server = await startOpenAiTestServer();
  server.isHolding = true;
  servers.push(server);
  return server;
}

function manager(queueDepth: number): ModelManager {
  const created = new ModelManager({
    threads: 1,
    gpu: false,
    contextSize: 512,
    parallelSequences: 1,
    queueDepth,
    remote: { responseTimeoutMs: 10_000 },
  });
  managers.push(created);
  return created;
}

function remoteModel(baseUrls: string[], maxConcurrentRequests?: number): ModelDefinition {
  return remoteModelDefinition({ baseUrls, maxConcurrentRequests });
}

/** A request whose only message is `name`, so the server's records say which request came. */
function generation(name: string, overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    conversation: { messages: [{ role: "user", content: name }] },
    maxTokens: 64,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** The requests the server received, by name, in arrival order. */
function arrived(server: OpenAiTestServer): string[] {
  return server.requests.map((request) => request.body.messages[0]?.content ?? "");
}

const busy = { kind: "busy", retryAfterSeconds: 5 };

describe("ModelManager with a remote model", () => {
  it("sends maxConcurrentRequests at once, queues up to queueDepth, refuses the rest as busy", async () => {
    const server = await startHoldingServer();
    const engine = manager(1);
    const model = remoteModel([server.baseUrl], 2);

    const first = engine.generate(model, generation("first"));
    const second = engine.generate(model, generation("second"));
    const leaving = new AbortController();
    const thirdPositions: number[] = [];
    const third = engine.generate(
      model,
      generation("third", {
        signal: leaving.signal,
        onQueuePosition: (position) => thirdPositions.push(position),
      }),
    );
    await vi.waitFor(() => expect(arrived(server)).toEqual(["first", "second"]));
    expect(thirdPositions).toEqual([1]);
    expect(engine.queueLengths()).toEqual([{ modelId: "remote", waiting: 1 }]);

    // The queue is full: a fourth is refused before a stream opens, and when it tries to join.
    expect(() => engine.checkCapacity(model)).toThrow(expect.objectContaining(busy));
    await expect(engine.generate(model, generation("fourth"))).rejects.toMatchObject(busy);

    // Cancelling the waiting one frees its place at once; it never reaches the server.
    leaving.abort();
    await expect(third).resolves.toMatchObject({ text: "", finishReason: "aborted" });
    expect(engine.queueLengths()).toEqual([{ modelId: "remote", waiting: 0 }]);
    expect(() => engine.checkCapacity(model)).not.toThrow();

    const fifthPositions: number[] = [];
    const fifth = engine.generate(
      model,
      generation("fifth", { onQueuePosition: (position) => fifthPositions.push(position) }),
    );
    expect(fifthPositions).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 50));

    // When one answer finishes, the waiting request takes its slot.
    server.requests[0]?.release();
    await expect(first).resolves.toMatchObject({ text: "Hello, world!", finishReason: "stop" });
    await vi.waitFor(() => expect(arrived(server)).toEqual(["first", "second", "fifth"]));
    for (const request of server.requests) request.release();
    const answers = await Promise.all([second, fifth]);
    expect(answers.map((answer) => answer.finishReason)).toEqual(["stop", "stop"]);
    // The 50 ms in the queue count in the time to the first token.
    expect(answers[1]?.timeToFirstTokenMs).toBeGreaterThanOrEqual(50);
    expect(arrived(server)).toEqual(["first", "second", "fifth"]);
  });

  it("serves waiting users in turn: another user's first request goes before one's second", async () => {
    const server = await startHoldingServer();
    const engine = manager(3);
    const model = remoteModel([server.baseUrl], 1);
    const ask = (name: string, userId: string) =>
      engine.generate(model, generation(name, { userId }));

    const answers = [ask("a1", "a"), ask("a2", "a"), ask("a3", "a"), ask("b1", "b")];
    for (let index = 0; index < answers.length; index++) {
      await vi.waitFor(() => expect(server.requests).toHaveLength(index + 1));
      server.requests[index]?.release();
    }
    await Promise.all(answers);
    expect(arrived(server)).toEqual(["a1", "b1", "a2", "a3"]);
  });

  it("allows 8 requests per base URL when maxConcurrentRequests is not set", async () => {
    const first = await startHoldingServer();
    const second = await startHoldingServer();
    const engine = manager(0);
    const model = remoteModel([first.baseUrl, second.baseUrl]);

    const answers = Array.from({ length: 16 }, (_, index) =>
      engine.generate(model, generation(`r${index}`)),
    );
    await vi.waitFor(() => expect(first.requests.length + second.requests.length).toBe(16));
    expect(() => engine.checkCapacity(model)).toThrow(expect.objectContaining(busy));
    await expect(engine.generate(model, generation("r16"))).rejects.toMatchObject(busy);

    for (const request of [...first.requests, ...second.requests]) request.release();
    await Promise.all(answers);
    expect(first.requests.length + second.requests.length).toBe(16);
  });
});
