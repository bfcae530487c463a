import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildTestApp, type TestApp } from "@codegenie/server/testing";
import { type TStreamEvent, ZSessionResponse, ZStreamEvent } from "@codegenie/shared";
import { SAMPLING } from "./direct-engine";
import type { StreamTiming } from "./timing";

/** The id under which the benchmark model is registered. */
const MODEL_ID = "bench-model";

/** One generation through the HTTP API, timed by the client and by the server. */
export interface HttpStreamResult {
  /** Client clock: request sent → first `text-delta` event → `generation-end` event. */
  client: StreamTiming;
  /** The server's own figures from the `generation-end` event. */
  server: StreamTiming;
  /** Client clock: time to the first `text-delta`, including queueing, auth and HTTP. */
  timeToFirstTokenMs: number;
}

/**
 * The real CodeGenie app (buildTestApp: embedded database, real routes, real engine) listening on
 * 127.0.0.1 with the benchmark model registered under the `raw` prompt format, so the prompt
 * reaches the model exactly as the direct baseline sends it.
 */
export class CodeGenieServer {
  readonly #testApp: TestApp;
  readonly #folder: string;
  readonly #baseUrl: string;
  readonly #accessTokens: string[];

  private constructor(testApp: TestApp, folder: string, baseUrl: string, tokens: string[]) {
    this.#testApp = testApp;
    this.#folder = folder;
    this.#baseUrl = baseUrl;
    this.#accessTokens = tokens;
  }

  /**
   * Starts a server whose model runs `parallelSequences` sequences and signs `userCount` users up
   * and in over HTTP (each stream of a concurrent run is a different person, as in real use).
   */
  static async start(options: {
    modelPath: string;
    threads: number;
    contextSize: number;
    parallelSequences: number;
    userCount: number;
  }): Promise<CodeGenieServer> {
    const folder = await mkdtemp(path.join(tmpdir(), "codegenie-bench-"));
    const modelsFile = path.join(folder, "models.json");
    const models = {
      models: [
        {
          id: MODEL_ID,
          name: "Benchmark model",
          promptFormat: "raw",
          contextSize: options.contextSize,
          defaultSampling: SAMPLING,
          useMmap: false,
          source: { file: options.modelPath },
        },
      ],
    };
    await writeFile(modelsFile, JSON.stringify(models, null, 2));
    const testApp = await buildTestApp({
      CODEGENIE_MODELS_FILE: modelsFile,
      MODEL_GPU: "false",
      MODEL_THREADS: String(options.threads),
      MODEL_CONTEXT_SIZE: String(options.contextSize),
      MODEL_PARALLEL_SEQUENCES: String(options.parallelSequences),
      MODEL_IDLE_UNLOAD_SECONDS: "0",
      CODEGENIE_AUTO_DOWNLOAD: "false",
      AUTH_RATE_LIMIT_MAX: "1000",
    });
    try {
      await testApp.app.listen({ host: "127.0.0.1", port: 0 });
      const address = testApp.app.server.address();
      if (address === null || typeof address === "string") throw new Error("no TCP address");
      const baseUrl = `http://127.0.0.1:${address.port}`;
      const tokens: string[] = [];
      for (let index = 0; index < options.userCount; index += 1) {
        tokens.push(await signUpAndIn(baseUrl, index));
      }
      return new CodeGenieServer(testApp, folder, baseUrl, tokens);
    } catch (error) {
      await testApp.close();
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /** Runs one generation per prompt at the same time, prompt `i` as user `i`. */
  generate(prompts: string[], maxTokens: number): Promise<HttpStreamResult[]> {
    if (prompts.length > this.#accessTokens.length) {
      throw new Error(`${prompts.length} streams but only ${this.#accessTokens.length} users`);
    }
    return Promise.all(
      prompts.map((prompt, index) =>
        this.#stream(this.#accessTokens[index] as string, prompt, maxTokens),
      ),
    );
  }

  async #stream(accessToken: string, prompt: string, maxTokens: number): Promise<HttpStreamResult> {
    const startedAt = performance.now();
    const response = await fetch(`${this.#baseUrl}/api/generate`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: "text/event-stream",
        "content-type": "application/json",
      },
      body: JSON.stringify({ model: MODEL_ID, prompt, maxTokens, ...SAMPLING }),
    });
    if (!response.ok || response.body === null) {
      throw new Error(`POST /api/generate answered ${response.status}: ${await response.text()}`);
    }
    let firstDeltaAt: number | undefined;
    for await (const event of readEvents(response.body)) {
      switch (event.type) {
        case "text-delta":
          firstDeltaAt ??= performance.now();
          break;
        case "error":
          throw new Error(`generation failed: ${event.code}: ${event.message}`);
        case "generation-end": {
          const endedAt = performance.now();
          const first = (firstDeltaAt ?? endedAt) - startedAt;
          return {
            client: {
              promptTokens: event.promptTokens,
              completionTokens: event.completionTokens,
              firstTokenMs: first,
              endMs: endedAt - startedAt,
            },
            server: {
              promptTokens: event.promptTokens,
              completionTokens: event.completionTokens,
              firstTokenMs: event.timeToFirstTokenMs ?? event.durationMs,
              endMs: event.durationMs,
            },
            timeToFirstTokenMs: first,
          };
        }
        case "generation-start":
        case "queue-position":
          break;
      }
    }
    throw new Error("the stream ended without a generation-end event");
  }

  /** Closes the server (unloading the model) and removes its data. */
  async close(): Promise<void> {
    await this.#testApp.close();
    await rm(this.#folder, { recursive: true, force: true });
  }
}

async function signUpAndIn(baseUrl: string, index: number): Promise<string> {
  const username = `bench${index}-${process.pid}`;
  const password = "correct horse battery staple 42";
  const post = (url: string, body: unknown) =>
    fetch(`${baseUrl}${url}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const registered = await post("/api/auth/register", {
    username,
    email: `${username}@example.test`,
    password,
    displayName: `Bench ${index}`,
  });
  if (registered.status !== 201) throw new Error(`sign-up failed: ${await registered.text()}`);
  const login = await post("/api/auth/login", { username, password });
  if (login.status !== 200) throw new Error(`sign-in failed: ${await login.text()}`);
  return ZSessionResponse.parse(await login.json()).accessToken;
}

/** Parses a server-sent event stream into CodeGenie's typed events (schema-checked). */
async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<TStreamEvent> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let boundary = buffered.indexOf("\n\n");
    while (boundary !== -1) {
      const block = buffered.slice(0, boundary);
      buffered = buffered.slice(boundary + 2);
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trimStart())
        .join("\n");
      if (data !== "") yield ZStreamEvent.parse(JSON.parse(data));
      boundary = buffered.indexOf("\n\n");
    }
  }
}
