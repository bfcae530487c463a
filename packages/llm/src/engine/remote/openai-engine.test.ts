import { once } from "node:events";
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LlmError } from "../../errors";
import type { ModelDefinition } from "../../models/model-definition";
import type { GenerationRequest } from "../engine-types";
import { OpenAiCompatibleEngine } from "./openai-engine";
import {
  type OpenAiTestServer,
  remoteModelDefinition,
  startOpenAiTestServer,
} from "./openai-test-server";

// vLLM, TGI and Ollama cannot run here: the servers are the OpenAI-compatible test double.
let servers: OpenAiTestServer[] = [];
let engine: OpenAiCompatibleEngine;
/** The errors the engine logged for failed endpoints. */
let loggedErrors: unknown[];

beforeEach(() => {
  loggedErrors = [];
  const logger = {
    info() {},
    debug() {},
    warn: (details: { error?: unknown }) => loggedErrors.push(details.error),
  };
  engine = new OpenAiCompatibleEngine({ cooldownMs: 60_000, responseTimeoutMs: 1_000, logger });
});

afterEach(async () => {
  await engine.dispose();
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function startServer(options?: Parameters<typeof startOpenAiTestServer>[0]) {
  const server = await startOpenAiTestServer(options);
  servers.push(server);
  return server;
}

function remoteModel(baseUrls: string[], apiKeyEnv?: string): ModelDefinition {
  return remoteModelDefinition({ baseUrls, apiKeyEnv });
}

function generation(overrides: Partial<GenerationRequest> = {}): GenerationRequest & {
  deltas: string[];
} {
  const deltas: string[] = [];
  return {
    conversation: { messages: [{ role: "user", content: "Say hello" }] },
    maxTokens: 64,
    signal: new AbortController().signal,
    onTextDelta: (text) => deltas.push(text),
    deltas,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

/** A URL on which nothing listens: connections are refused. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, "close");
  return `http://127.0.0.1:${port}/v1`;
}

describe("OpenAiCompatibleEngine", () => {
  it("streams the answer piece by piece with the server's token counts", async () => {
    const server = await startServer();
    const request = generation();
    const result = await engine.generate(remoteModel([server.baseUrl]), request);

    expect(request.deltas).toEqual(["Hello", ",", " world", "!"]);
    expect(result).toMatchObject({
      text: "Hello, world!",
      promptTokens: 2,
      completionTokens: 4,
      finishReason: "stop",
    });
    expect(result.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(result.durationMs).toBeGreaterThanOrEqual(result.timeToFirstTokenMs ?? 0);
  });

  it("sends the conversation, the served model name, limits, sampling and stop strings", async () => {
    const server = await startServer();
    process.env.CODEGENIE_TEST_REMOTE_KEY = "secret-key";
    try {
      await engine.generate(
        remoteModel([server.baseUrl], "CODEGENIE_TEST_REMOTE_KEY"),
        generation({
          conversation: {
            system: "You write code.",
            messages: [
              { role: "user", content: "Hi" },
              { role: "assistant", content: "Hello" },
              { role: "user", content: "Write a loop" },
            ],
          },
          maxTokens: 3,
          topP: 0.5,
          stopSequences: ["\n\n"],
        }),
      );
    } finally {
      delete process.env.CODEGENIE_TEST_REMOTE_KEY;
    }

    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0];
    expect(sent?.authorization).toBe("Bearer secret-key");
    expect(sent?.body).toMatchObject({
      model: "served-model",
      messages: [
        { role: "system", content: "You write code." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello" },
        { role: "user", content: "Write a loop" },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 3,
      temperature: 0.2,
      top_p: 0.5,
      stop: ["\n\n"],
    });
  });

  it("reports max-tokens when the server stops for length, and a placeholder key when none is set", async () => {
    const server = await startServer();
    const result = await engine.generate(
      remoteModel([server.baseUrl]),
      generation({ maxTokens: 2 }),
    );
    expect(result).toMatchObject({
      text: "Hello,",
      completionTokens: 2,
      finishReason: "max-tokens",
    });
    expect(server.requests[0]?.authorization).toBe("Bearer none");
    expect(server.requests[0]?.body).not.toHaveProperty("stop");
  });

  it("sends concurrent requests to the endpoint with the fewest in flight", async () => {
    const first = await startServer({ chunkDelayMs: 50 });
    const second = await startServer({ chunkDelayMs: 50 });
    const model = remoteModel([first.baseUrl, second.baseUrl]);

    const both = [engine.generate(model, generation()), engine.generate(model, generation())];
    expect(engine.inFlight(first.baseUrl)).toBe(1);
    expect(engine.inFlight(second.baseUrl)).toBe(1);
    await Promise.all(both);
    expect(first.requests).toHaveLength(1);
    expect(second.requests).toHaveLength(1);

    // With the first endpoint busy, new requests keep going to the idle one (not turn by turn).
    first.chunkDelayMs = 150;
    second.chunkDelayMs = 0;
    const slow = engine.generate(model, generation());
    await engine.generate(model, generation());
    await engine.generate(model, generation());
    await slow;
    expect(first.requests).toHaveLength(2);
    expect(second.requests).toHaveLength(3);
    expect(engine.inFlight(first.baseUrl)).toBe(0);
  });

  it("moves to another endpoint when one fails and leaves the failed one out for a while", async () => {
    const broken = await startServer();
    const healthy = await startServer();
    await broken.setFailure({ kind: "error-500" });
    const model = remoteModel([broken.baseUrl, healthy.baseUrl]);

    const result = await engine.generate(model, generation());
    expect(result.text).toBe("Hello, world!");
    expect(broken.requests).toHaveLength(1);
    expect(healthy.requests).toHaveLength(1);

    for (let round = 0; round < 3; round++) await engine.generate(model, generation());
    expect(broken.requests).toHaveLength(1);
    expect(healthy.requests).toHaveLength(4);
  });

  it("tries a left-out endpoint again once its cool-down is over", async () => {
    const shortEngine = new OpenAiCompatibleEngine({ cooldownMs: 200, responseTimeoutMs: 1_000 });
    try {
      const broken = await startServer();
      const healthy = await startServer();
      await broken.setFailure({ kind: "error-500" });
      const model = remoteModel([broken.baseUrl, healthy.baseUrl]);
      await shortEngine.generate(model, generation());
      await broken.setFailure({ kind: "none" });
      await shortEngine.generate(model, generation());
      expect(broken.requests).toHaveLength(1);

      await new Promise((resolve) => setTimeout(resolve, 250));
      await shortEngine.generate(model, generation());
      await shortEngine.generate(model, generation());
      expect(broken.requests).toHaveLength(2);
    } finally {
      await shortEngine.dispose();
    }
  });

  it("fails over from a refused connection and from a server that never answers", async () => {
    const hanging = await startServer();
    const healthy = await startServer();
    await hanging.setFailure({ kind: "hang" });
    const refused = await closedPortUrl();
    const model = remoteModel([refused, hanging.baseUrl, healthy.baseUrl]);

    const result = await engine.generate(model, generation());
    expect(result.text).toBe("Hello, world!");
    expect(hanging.requests).toHaveLength(1);
    expect(await hanging.requests[0]?.ended).toBe("client-closed");
    expect(loggedErrors).toEqual([
      "connection refused (ECONNREFUSED)",
      "no response within 1000 ms",
    ]);
  });

  it("does not retry once text was streamed: the error names the endpoint, the text so far was delivered", async () => {
    const dropping = await startServer();
    const healthy = await startServer();
    await dropping.setFailure({ kind: "drop", chunks: 2 });
    const request = generation();

    const error = await rejection(
      engine.generate(remoteModel([dropping.baseUrl, healthy.baseUrl]), request),
    );
    expect(error.kind).toBe("remote-failed");
    expect(error.message).toContain(dropping.baseUrl);
    expect(error.details).toEqual({
      endpoints: [
        { baseUrl: dropping.baseUrl, error: "connection closed by the server (UND_ERR_SOCKET)" },
      ],
    });
    expect(request.deltas).toEqual(["Hello", ","]);
    expect(healthy.requests).toHaveLength(0);
  });

  it("fails with every endpoint and its error when all are down", async () => {
    const broken = await startServer();
    await broken.setFailure({ kind: "error-500" });
    const refused = await closedPortUrl();

    const error = await rejection(
      engine.generate(remoteModel([refused, broken.baseUrl]), generation()),
    );
    expect(error.kind).toBe("remote-failed");
    expect(error.details).toEqual({
      endpoints: [
        { baseUrl: refused, error: "connection refused (ECONNREFUSED)" },
        { baseUrl: broken.baseUrl, error: expect.stringMatching(/^HTTP 500/) },
      ],
    });
    expect(error.message).toContain(refused);
    expect(error.message).toContain(broken.baseUrl);

    // Every endpoint is left out now, yet the next request still tries them: one came back.
    await broken.setFailure({ kind: "none" });
    const result = await engine.generate(remoteModel([refused, broken.baseUrl]), generation());
    expect(result.text).toBe("Hello, world!");
  });

  it("refuses at once, without leaving the endpoint out, when the server rejects the request", async () => {
    const first = await startServer();
    const second = await startServer();
    const model = remoteModel([`${first.baseUrl}/wrong-path`, second.baseUrl]);
    const error = await rejection(engine.generate(model, generation()));
    expect(error.details).toEqual({
      endpoints: [
        { baseUrl: `${first.baseUrl}/wrong-path`, error: expect.stringMatching(/^HTTP 404/) },
      ],
    });
    expect(second.requests).toHaveLength(0);
  });

  it("stops on abort with the text so far, and the server sees the connection closed", async () => {
    const server = await startServer({ chunkDelayMs: 50 });
    server.pieces = Array.from({ length: 100 }, (_, index) => `${index} `);
    const controller = new AbortController();
    const request = generation({
      signal: controller.signal,
      onTextDelta: (text) => {
        request.deltas.push(text);
        if (request.deltas.length === 3) controller.abort();
      },
    });

    const result = await engine.generate(remoteModel([server.baseUrl]), request);
    expect(result.finishReason).toBe("aborted");
    expect(result.text).toBe("0 1 2 ");
    expect(await server.requests[0]?.ended).toBe("client-closed");
  });
});
