import { getLlama, type LlamaContext } from "node-llama-cpp";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { ModelDefinition } from "../models/model-definition";
import type { GenerationRequest } from "./engine-types";
import { LoadedModel } from "./loaded-model";
import { ModelManager, type ModelManagerOptions } from "./model-manager";

// The real llama.cpp engine on the generated models: scheduling, batching, timeouts, idle
// unloading and the memory budget. One thread each: the cores are shared with other test runs.

function definition(id: string, file: string, contextSize = 512): ModelDefinition {
  return {
    id,
    name: id,
    promptFormat: "deepseek-coder",
    description: "",
    task: "code",
    contextSize,
    defaultSampling: { temperature: 0.2, topP: 0.95 },
    source: { kind: "file", file },
    runtime: {},
  };
}
const tiny = (id = "tiny") => definition(id, inject("tinyModelPath"));

function request(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    conversation: { messages: [{ role: "user", content: "Write hello world in Python" }] },
    maxTokens: 24,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** The native batching calls of node-llama-cpp 3.21.1's context (internal). */
interface NativeBatching {
  initBatch(size: number): void;
  addToBatch(sequenceId: number, first: unknown, tokens: Uint32Array, ...rest: unknown[]): unknown;
}

/**
 * Records every batch the context hands to llama.cpp: per batch, each sequence's part in the
 * order it was added, with its token count. The list fills as the context decodes.
 */
function recordBatches(context: LlamaContext): { sequenceId: number; tokens: number }[][] {
  const batches: { sequenceId: number; tokens: number }[][] = [];
  const internals = context as unknown as { _ctx: NativeBatching };
  internals._ctx = new Proxy(internals._ctx, {
    get(target, property) {
      if (property === "initBatch") batches.push([]);
      if (property === "addToBatch") {
        return (sequenceId: number, first: unknown, tokens: Uint32Array, ...rest: unknown[]) => {
          batches.at(-1)?.push({ sequenceId, tokens: tokens.length });
          return target.addToBatch(sequenceId, first, tokens, ...rest);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return batches;
}

/** The native sampling call of node-llama-cpp 3.21.1's context (internal). */
interface NativeSampling {
  sampleToken(batchLogitIndex: unknown, sampler: unknown, ...rest: unknown[]): Promise<unknown>;
}

const managers: ModelManager[] = [];
function manager(options: Partial<ModelManagerOptions> = {}): ModelManager {
  const created = new ModelManager({
    threads: 1,
    gpu: false,
    contextSize: 512,
    parallelSequences: 1,
    ...options,
  });
  managers.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(managers.splice(0).map((created) => created.dispose()));
});

describe("scheduler", () => {
  it("serves eight concurrent streams four at a time, batched, the rest queued with positions", async () => {
    const engine = manager({ parallelSequences: 4, queueDepth: 16 });
    const loaded = await engine.load(tiny());
    const positions: number[][] = [];
    const deltas: string[][] = [];
    const runs = Array.from({ length: 8 }, (_, index) => {
      positions[index] = [];
      deltas[index] = [];
      return engine.generate(
        tiny(),
        request({
          userId: `user-${index}`,
          maxTokens: 48,
          onQueuePosition: (position) => positions[index]?.push(position),
          onTextDelta: (text) => deltas[index]?.push(text),
        }),
      );
    });
    const results = await Promise.all(runs);

    expect(results.map((result) => result.finishReason)).toEqual(Array(8).fill("max-tokens"));
    expect(results.map((result) => result.completionTokens)).toEqual(Array(8).fill(48));
    expect(deltas.map((pieces) => pieces.join(""))).toEqual(results.map((result) => result.text));
    // The first four start at once; the others wait in line and move up to the front.
    expect(positions.slice(0, 4)).toEqual([[], [], [], []]);
    expect(positions.slice(4).map((seen) => seen[0])).toEqual([1, 2, 3, 4]);
    expect(positions.slice(4).map((seen) => seen.at(-1))).toEqual([1, 1, 1, 1]);
    // Running sequences decode together: far more than one token per decode step.
    expect(loaded.isBatchingGated).toBe(true);
    const { steps, decodes } = loaded.batchingStats;
    expect(decodes / steps).toBeGreaterThan(3);
  });

  it("queues every step's sequences to llama.cpp in ascending, consecutive id order", async () => {
    // llama.cpp (KV cache per sequence, as node-llama-cpp 3.21.1 creates it) decodes a batch in
    // one micro-batch only when its sequence ids ascend one by one (docs/decisions/0005).
    const llama = await getLlama({ build: "never", gpu: false, maxThreads: 1 });
    const model = await llama.loadModel({ modelPath: inject("tinyModelPath") });
    const context = await model.createContext({ contextSize: 512, sequences: 4, threads: 1 });
    const batches = recordBatches(context);
    const sequences = Array.from({ length: 4 }, () => context.getSequence());
    const loaded = new LoadedModel(model, context, sequences, { queueDepth: 16 });
    try {
      // Started in descending order of the sequences they would have been given before.
      const results = await Promise.all(
        [3, 2, 1, 0].map((index) =>
          loaded.generate(tiny(), request({ userId: `user-${index}` }), performance.now()),
        ),
      );
      expect(results.map((result) => result.completionTokens)).toEqual([24, 24, 24, 24]);
      const steps = batches
        .map((parts) => parts.map((part) => part.sequenceId))
        .filter((ids) => ids.length > 1);
      expect(steps.filter((ids) => ids.length === 4).length).toBeGreaterThan(20);
      for (const ids of steps) {
        const first = ids[0] ?? 0;
        expect(ids).toEqual(ids.map((_, index) => first + index));
      }
    } finally {
      await loaded.dispose();
    }
  });

  it("feeds a new prompt in shares of the batch, each step with the running streams' next tokens", async () => {
    // A 300-token prompt in batches of 32: without shares, node-llama-cpp fed it in ten batches
    // back to back while the running stream got no token (docs/decisions/0008).
    const llama = await getLlama({ build: "never", gpu: false, maxThreads: 1 });
    const model = await llama.loadModel({ modelPath: inject("tinyModelPath") });
    const context = await model.createContext({
      contextSize: 1024,
      sequences: 2,
      threads: 1,
      batchSize: 32,
    });
    const batches = recordBatches(context);
    const sequences = Array.from({ length: 2 }, () => context.getSequence());
    const loaded = new LoadedModel(model, context, sequences, { queueDepth: 16 });
    try {
      let runningDeltas = 0;
      const running = loaded.generate(
        tiny(),
        request({ maxTokens: 400, onTextDelta: () => runningDeltas++ }),
        performance.now(),
      );
      while (runningDeltas < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      const longPrompt = Array.from({ length: 40 }, (_, index) => `word${index}`).join(" ");
      const newcomer = await loaded.generate(
        tiny(),
        request({
          conversation: { messages: [{ role: "user", content: longPrompt }] },
          maxTokens: 4,
        }),
        performance.now(),
      );
      expect(newcomer.promptTokens).toBeGreaterThan(300);
      expect(newcomer.completionTokens).toBe(4);
      expect((await running).completionTokens).toBe(400);

      const newcomerId = batches.flat().find((part) => part.tokens > 1 && part.sequenceId !== 0);
      const promptSteps = batches.filter((parts) =>
        parts.some((part) => part.sequenceId === newcomerId?.sequenceId && part.tokens > 1),
      );
      expect(promptSteps.length).toBeGreaterThanOrEqual(10);
      for (const parts of promptSteps) {
        // The running stream's token and a share of the prompt, within the batch.
        expect(parts.map((part) => part.sequenceId)).toEqual([0, 1]);
        expect(parts[0]?.tokens).toBe(1);
        expect(parts.reduce((sum, part) => sum + part.tokens, 0)).toBeLessThanOrEqual(32);
      }
    } finally {
      await loaded.dispose();
    }
  });

  it("starts a generation on a used sequence while others decode, without waiting for them", async () => {
    const engine = manager({ parallelSequences: 2, contextSize: 2048 });
    const model = definition("tiny-2048", inject("tinyModelPath"), 2048);
    // Both sequences hold tokens: a new generation on either must erase them first.
    await Promise.all([engine.generate(model, request()), engine.generate(model, request())]);

    let longDeltas = 0;
    let isLongDone = false;
    const long = engine
      .generate(model, request({ maxTokens: 1500, onTextDelta: () => longDeltas++ }))
      .then((result) => {
        isLongDone = true;
        return result;
      });
    while (longDeltas < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    const short = await engine.generate(model, request({ maxTokens: 8 }));

    expect(short).toMatchObject({ finishReason: "max-tokens", completionTokens: 8 });
    // It ran beside the long one instead of after it (node-llama-cpp's decode loop held the
    // context lock the erase needs for as long as the long one kept decoding).
    expect(isLongDone).toBe(false);
    expect((await long).completionTokens).toBe(1500);
  });

  it("starts a generation on a used sequence while others decode with slow sampling", async () => {
    // The bench model (32 256 tokens) on a busy 2-core machine takes 10–25 ms to sample a token,
    // and the sequences' samples come back at different times. node-llama-cpp's decode loop then
    // never ran dry: the decode gate let one sequence's next decode in by its 10 ms timer while the
    // loop still waited for another one's sample, so the loop kept the context lock, and a new
    // generation on a used sequence (which must take that lock to erase its old tokens) got its
    // first token only after the others had finished (docs/decisions/0006). The tiny model samples
    // from 512 tokens in microseconds, so the slow samples are imitated: each sequence's sampling
    // (llama.cpp's real sampler) resolves 12 or 25 ms late.
    const llama = await getLlama({ build: "never", gpu: false, maxThreads: 1 });
    const model = await llama.loadModel({ modelPath: inject("tinyModelPath") });
    const context = await model.createContext({ contextSize: 1024, sequences: 3, threads: 1 });
    const internals = context as unknown as { _ctx: NativeBatching & NativeSampling };
    const native = internals._ctx;
    const samplerDelays = new Map<unknown, number>();
    let slowSampling = false;
    internals._ctx = new Proxy(native, {
      get(target, property) {
        if (property === "sampleToken") {
          return async (batchLogitIndex: unknown, sampler: unknown, ...rest: unknown[]) => {
            const token = await target.sampleToken(batchLogitIndex, sampler, ...rest);
            if (!slowSampling) return token;
            if (!samplerDelays.has(sampler))
              samplerDelays.set(sampler, [12, 25][samplerDelays.size] ?? 0);
            await new Promise((resolve) => setTimeout(resolve, samplerDelays.get(sampler)));
            return token;
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const sequences = Array.from({ length: 3 }, () => context.getSequence());
    const loaded = new LoadedModel(model, context, sequences, { queueDepth: 16 });
    const generate = (overrides: Partial<GenerationRequest>) =>
      loaded.generate(tiny(), request(overrides), performance.now());
    try {
      // Every sequence holds tokens: a new generation on any of them must erase some first.
      await Promise.all([0, 1, 2].map(() => generate({ maxTokens: 4 })));
      slowSampling = true;

      let piecesOfFirst = 0;
      const first = generate({ maxTokens: 100, onTextDelta: () => piecesOfFirst++ });
      const second = generate({ maxTokens: 100 });
      while (piecesOfFirst < 5) await new Promise((resolve) => setTimeout(resolve, 5));
      const piecesAtStart = piecesOfFirst;
      let piecesAtFirstDelta: number | undefined;
      const late = await generate({
        maxTokens: 4,
        onTextDelta: () => {
          piecesAtFirstDelta ??= piecesOfFirst;
        },
      });

      expect(late).toMatchObject({ finishReason: "max-tokens", completionTokens: 4 });
      // Its first token came while the others were still at it, within a few of their steps (text
      // pieces of the first one, about one per token) — not after their remaining 95 tokens.
      expect(piecesAtFirstDelta).toBeDefined();
      expect((piecesAtFirstDelta ?? Number.POSITIVE_INFINITY) - piecesAtStart).toBeLessThan(20);
      expect((await first).completionTokens).toBe(100);
      expect((await second).completionTokens).toBe(100);
    } finally {
      await loaded.dispose();
    }
  });

  it("refuses requests beyond the queue with busy and a retry time", async () => {
    const engine = manager({ parallelSequences: 1, queueDepth: 1 });
    await engine.load(tiny());
    const running = new AbortController();
    const first = engine.generate(tiny(), request({ maxTokens: 400, signal: running.signal }));
    const second = engine.generate(tiny(), request({ maxTokens: 4 }));
    const third = engine.generate(tiny(), request({ maxTokens: 4 }));

    await expect(third).rejects.toMatchObject({
      kind: "busy",
      retryAfterSeconds: expect.any(Number),
    });
    expect(() => engine.checkCapacity(tiny())).toThrow(expect.objectContaining({ kind: "busy" }));
    running.abort();
    expect((await first).finishReason).toBe("aborted");
    expect((await second).finishReason).toBe("max-tokens");
    expect(() => engine.checkCapacity(tiny())).not.toThrow();
  });

  it("serves another user's first request before a user's second one", async () => {
    const engine = manager({ parallelSequences: 1 });
    await engine.load(tiny());
    const finished: string[] = [];
    const run = (userId: string, label: string) =>
      engine.generate(tiny(), request({ userId })).then(() => finished.push(label));
    await Promise.all([run("alice", "alice-1"), run("alice", "alice-2"), run("bob", "bob-1")]);
    expect(finished).toEqual(["alice-1", "bob-1", "alice-2"]);
  });

  it("lets a queued request leave at once when it is cancelled", async () => {
    const engine = manager({ parallelSequences: 1 });
    const loaded = await engine.load(tiny());
    const running = new AbortController();
    const first = engine.generate(tiny(), request({ maxTokens: 400, signal: running.signal }));
    const leaving = new AbortController();
    const queued = engine.generate(
      tiny(),
      request({ signal: leaving.signal, onQueuePosition: () => leaving.abort() }),
    );
    const result = await queued;
    expect(result).toMatchObject({ finishReason: "aborted", text: "", completionTokens: 0 });
    expect(loaded.queueLength).toBe(0);
    expect(loaded.runningCount).toBe(1);
    running.abort();
    await first;
  });

  it("ends a runaway generation at the timeout with the text so far", async () => {
    const engine = manager({ contextSize: 4096, generationTimeoutMs: 400 });
    const streaming = definition("streaming", inject("streamingModelPath"), 4096);
    await engine.load(streaming);
    const result = await engine.generate(streaming, request({ maxTokens: 4000 }));
    expect(result.finishReason).toBe("timeout");
    expect(result.completionTokens).toBeGreaterThan(0);
    expect(result.completionTokens).toBeLessThan(4000);
    expect(result.text.length).toBeGreaterThan(0);
  });
});

describe("model lifecycle", () => {
  it("unloads a model left idle, and loads it again on the next request", async () => {
    const engine = manager({ idleUnloadSeconds: 1 });
    await engine.generate(tiny(), request());
    expect(engine.isLoaded("tiny")).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(engine.isLoaded("tiny")).toBe(false);

    const again = await engine.generate(tiny(), request());
    expect(again.completionTokens).toBe(24);
    expect(engine.isLoaded("tiny")).toBe(true);
  });

  it("unloads the least recently used model when the next one would not fit the budget", async () => {
    const probe = manager();
    const bytes = await probe.estimateMemoryBytes(tiny());
    expect(bytes).toBeGreaterThan(0);
    const engine = manager({ memoryBudgetBytes: Math.floor(bytes * 1.5) });

    await engine.load(tiny("first"));
    expect(engine.isLoaded("first")).toBe(true);
    // The first model is busy while the second one asks for room: it is unloaded only after.
    const running = engine.generate(tiny("first"), request({ maxTokens: 200 }));
    await engine.load(tiny("second"));
    expect((await running).finishReason).toBe("max-tokens");
    expect(engine.isLoaded("first")).toBe(false);
    expect(engine.isLoaded("second")).toBe(true);
  });

  it("refuses a model larger than the whole budget, saying so", async () => {
    const bytes = await manager().estimateMemoryBytes(tiny());
    const engine = manager({ memoryBudgetBytes: Math.floor(bytes / 2) });
    const attempt = engine.generate(tiny(), request());
    await expect(attempt).rejects.toMatchObject({
      kind: "model-too-large",
      message: expect.stringContaining("MODEL_MEMORY_BUDGET_MB"),
    });
    expect(engine.isLoaded("tiny")).toBe(false);
  });
});
