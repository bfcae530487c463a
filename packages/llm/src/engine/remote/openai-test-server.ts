import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ModelDefinition, ModelSource } from "../../models/model-definition";

/**
 * A test double: a small OpenAI-compatible chat server on 127.0.0.1 that stands in for vLLM, TGI,
 * Ollama and llama-server, which cannot run here. It streams `chat.completion.chunk` server-sent
 * events the way the OpenAI API does (`data: {…}\n\n`, a final usage chunk when
 * `stream_options.include_usage`, then `data: [DONE]`), records each request, and can fail on
 * purpose.
 */

/** How the server misbehaves: refuse connections (its port closed), answer 500, never answer, or
 * drop the connection after sending `chunks` text chunks. */
export type TestServerFailure =
  | { kind: "none" }
  | { kind: "refuse" }
  | { kind: "error-500" }
  | { kind: "hang" }
  | { kind: "drop"; chunks: number };

/** A request the server received. */
export interface RecordedRequest {
  /** The JSON body as sent. */
  body: ChatRequestBody;
  authorization: string | undefined;
  /** Resolves when the exchange ends: `completed`, or `client-closed` when the client hung up first. */
  ended: Promise<"completed" | "client-closed">;
  /** Lets a request held by `isHolding` be answered; does nothing for others. */
  release(): void;
}

/** The fields of `POST /v1/chat/completions` the server reads. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
}

/** A running test server; change `pieces`, `chunkDelayMs`, `isHolding` or the failure at any time. */
export interface OpenAiTestServer {
  /** `http://127.0.0.1:<port>/v1`, what a client takes as its base URL. */
  baseUrl: string;
  /** The answer, one text chunk per piece; `max_tokens` cuts it (one piece counts as one token). */
  pieces: string[];
  /** Pause before each chunk, in ms. */
  chunkDelayMs: number;
  /** While true, each new request is recorded and then left unanswered until its `release()`. */
  isHolding: boolean;
  requests: RecordedRequest[];
  setFailure(failure: TestServerFailure): Promise<void>;
  close(): Promise<void>;
}

/** Starts a test server on a free port of 127.0.0.1. */
export async function startOpenAiTestServer(
  options: { pieces?: string[]; chunkDelayMs?: number } = {},
): Promise<OpenAiTestServer> {
  let failure: TestServerFailure = { kind: "none" };
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : undefined);
    });
  });

  const state: OpenAiTestServer = {
    baseUrl: "",
    pieces: options.pieces ?? ["Hello", ",", " world", "!"],
    chunkDelayMs: options.chunkDelayMs ?? 0,
    isHolding: false,
    requests,
    async setFailure(next) {
      const wasRefusing = failure.kind === "refuse";
      failure = next;
      if (next.kind === "refuse" && !wasRefusing) await stopListening(server);
      if (next.kind !== "refuse" && wasRefusing) await listen(server, port);
    },
    async close() {
      if (failure.kind !== "refuse") await stopListening(server);
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === "GET" && request.url === "/v1/models") {
      sendJson(response, 200, { object: "list", data: [{ id: "served-model", object: "model" }] });
      return;
    }
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
      sendJson(response, 404, { error: { message: "not found", type: "invalid_request_error" } });
      return;
    }
    const body = JSON.parse(await readBody(request)) as ChatRequestBody;
    let hasFinished = false;
    const ended = new Promise<"completed" | "client-closed">((resolve) => {
      response.on("close", () => resolve(hasFinished ? "completed" : "client-closed"));
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    requests.push({ body, authorization: request.headers.authorization, ended, release });
    if (state.isHolding) await released;
    if (response.destroyed) return;

    if (failure.kind === "hang") return;
    if (failure.kind === "error-500") {
      hasFinished = true;
      sendJson(response, 500, { error: { message: "test server failure", type: "server_error" } });
      return;
    }
    const maxTokens = body.max_tokens ?? Number.POSITIVE_INFINITY;
    const pieces = state.pieces.slice(0, maxTokens);
    const finishReason = pieces.length < state.pieces.length ? "length" : "stop";
    const usage = {
      prompt_tokens: body.messages.reduce((sum, message) => sum + words(message.content), 0),
      completion_tokens: pieces.length,
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    if (!body.stream) {
      await sleep(state.chunkDelayMs * pieces.length);
      hasFinished = true;
      sendJson(response, 200, completion(body.model, pieces.join(""), finishReason, usage));
      return;
    }

    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    const chunk = chunkWriter(response, body.model);
    chunk({ role: "assistant", content: "" }, null);
    for (const [index, piece] of pieces.entries()) {
      await sleep(state.chunkDelayMs);
      if (response.destroyed) return;
      if (failure.kind === "drop" && index === failure.chunks) {
        // A FIN after the chunks written so far (a destroy could discard them unsent).
        response.socket?.end();
        return;
      }
      chunk({ content: piece }, null);
    }
    chunk({}, finishReason);
    if (body.stream_options?.include_usage) chunk(null, null, usage);
    hasFinished = true;
    response.end("data: [DONE]\n\n");
  }

  server.on("connection", (socket) => socket.setNoDelay(true));
  const port = await listen(server, 0);
  state.baseUrl = `http://127.0.0.1:${port}/v1`;
  return state;
}

type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

/** Writes `chat.completion.chunk` events; `delta` null means the usage chunk (no choices). */
function chunkWriter(response: ServerResponse, model: string) {
  const id = `chatcmpl-test-${Math.random().toString(36).slice(2)}`;
  const created = Math.floor(Date.now() / 1000);
  return (delta: object | null, finishReason: string | null, usage?: Usage) => {
    const event = {
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices:
        delta === null ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      usage: usage ?? null,
    };
    response.write(`data: ${JSON.stringify(event)}\n\n`);
  };
}

function completion(model: string, text: string, finishReason: string, usage: Usage) {
  return {
    id: `chatcmpl-test-${Math.random().toString(36).slice(2)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage,
  };
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

async function listen(server: Server, port: number): Promise<number> {
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

/** Stops accepting connections and cuts the open ones (hanging requests included). */
async function stopListening(server: Server): Promise<void> {
  const closed = once(server, "close");
  server.close();
  server.closeAllConnections();
  await closed;
}

/** A remote model served by test servers: `source` names their addresses (and any options). */
export function remoteModelDefinition(
  source: Omit<Extract<ModelSource, { kind: "openai" }>, "kind" | "model">,
): ModelDefinition {
  return {
    id: "remote",
    name: "Remote",
    promptFormat: "chatml",
    description: "",
    task: "general",
    contextSize: 4096,
    defaultSampling: { temperature: 0.2, topP: 0.95 },
    source: { kind: "openai", model: "served-model", ...source },
    runtime: {},
  };
}
