import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LlmError } from "../errors";
import type { ModelDefinition } from "../models/model-definition";
import type { Conversation } from "./engine-types";
import { ModelManager } from "./model-manager";

// The real llama.cpp engine on the generated tiny model. The tiny model never picks its end
// token, so answers run to maxTokens, a stop sequence or an abort.
const tinyModel = (): ModelDefinition => ({
  id: "tiny",
  name: "Tiny",
  promptFormat: "deepseek-coder",
  description: "",
  task: "code",
  contextSize: 512,
  defaultSampling: { temperature: 0.2, topP: 0.95 },
  source: { kind: "file", file: inject("tinyModelPath") },
  runtime: {},
});
const conversation = ask("Write hello world in Python");
function ask(text: string): Conversation {
  return { messages: [{ role: "user", content: text }] };
}
const never = () => new AbortController().signal;
// One thread: the machine's cores are shared with other test runs (llama.cpp's threads spin).

let manager: ModelManager;
beforeAll(() => {
  manager = new ModelManager({
    threads: 1,
    gpu: false,
    contextSize: 512,
    parallelSequences: 2,
  });
});
afterAll(() => manager.dispose());

describe("ModelManager on the embedded engine", () => {
  it("streams text and reports token counts and timings", async () => {
    const deltas: string[] = [];
    const result = await manager.generate(tinyModel(), {
      conversation,
      maxTokens: 32,
      signal: never(),
      onTextDelta: (text) => deltas.push(text),
    });
    expect(result.finishReason).toBe("max-tokens");
    expect(result.completionTokens).toBe(32);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(result.text);
    expect(result.text).not.toContain("\uFFFD");
    // The DeepSeek preamble alone is about 60 words; BOS is counted too.
    expect(result.promptTokens).toBeGreaterThan(30);
    expect(result.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(result.durationMs).toBeGreaterThanOrEqual(result.timeToFirstTokenMs ?? 0);
  });

  it("is deterministic at temperature 0", async () => {
    const run = () =>
      manager.generate(tinyModel(), {
        conversation,
        maxTokens: 16,
        temperature: 0,
        signal: never(),
      });
    const [first, second] = [await run(), await run()];
    expect(second.text).toBe(first.text);
  });

  it("stops at a stop sequence and leaves it out of the answer", async () => {
    const greedy = await manager.generate(tinyModel(), {
      conversation,
      maxTokens: 24,
      temperature: 0,
      signal: never(),
    });
    // Stop on a piece of what greedy decoding is known to write, past its first characters.
    const stopAt = greedy.text.slice(6, 10);
    const stopped = await manager.generate(tinyModel(), {
      conversation,
      stopSequences: [stopAt],
      maxTokens: 24,
      temperature: 0,
      signal: never(),
    });
    expect(stopped.finishReason).toBe("stop");
    expect(stopped.text).toBe(greedy.text.slice(0, greedy.text.indexOf(stopAt)));
  });

  it("cancels with an AbortSignal and keeps the partial text", async () => {
    const controller = new AbortController();
    let received = "";
    const result = await manager.generate(tinyModel(), {
      conversation,
      maxTokens: 400,
      signal: controller.signal,
      onTextDelta: (text) => {
        received += text;
        if (received.length > 20) controller.abort();
      },
    });
    expect(result.finishReason).toBe("aborted");
    expect(result.text.length).toBeGreaterThan(20);
    expect(result.completionTokens).toBeLessThan(400);
  });

  it("serves parallel requests from one loaded model and queues the rest in order", async () => {
    const positions: number[] = [];
    const runs = [0, 1, 2].map((index) =>
      manager.generate(tinyModel(), {
        conversation,
        maxTokens: 24,
        signal: never(),
        onQueuePosition: index === 2 ? (position) => positions.push(position) : undefined,
      }),
    );
    const results = await Promise.all(runs);
    expect(results.map((result) => result.completionTokens)).toEqual([24, 24, 24]);
    expect(positions).toEqual([1]);
  });

  it("ends an answer when the context window is full", async () => {
    const result = await manager.generate(tinyModel(), {
      conversation,
      maxTokens: 5000,
      signal: never(),
    });
    expect(result.finishReason).toBe("max-tokens");
    expect(result.promptTokens + result.completionTokens).toBeLessThanOrEqual(512);
  });

  it("refuses a prompt longer than the context window", async () => {
    const long = ask("def f(x): return x\n".repeat(200));
    const attempt = manager.generate(tinyModel(), {
      conversation: long,
      maxTokens: 8,
      signal: never(),
    });
    await expect(attempt).rejects.toMatchObject({ kind: "prompt-too-long" });
  });

  it("says the model file is missing, and that a file that is not GGUF cannot be loaded", async () => {
    const missing = {
      ...tinyModel(),
      id: "gone",
      source: { kind: "file" as const, file: "/nonexistent/gone.gguf" },
    };
    await expect(
      manager.generate(missing, { conversation, maxTokens: 4, signal: never() }),
    ).rejects.toEqual(expect.objectContaining({ kind: "model-file-missing" }));
    const notGguf = {
      ...tinyModel(),
      id: "text",
      source: { kind: "file" as const, file: new URL(import.meta.url).pathname },
    };
    const attempt = manager.generate(notGguf, { conversation, maxTokens: 4, signal: never() });
    await expect(attempt).rejects.toBeInstanceOf(LlmError);
    await expect(attempt).rejects.toMatchObject({ kind: "invalid-file" });
  });

  it("loads a model once however many first requests arrive together", async () => {
    const fresh = new ModelManager({
      threads: 1,
      gpu: false,
      contextSize: 256,
      parallelSequences: 1,
    });
    const [first, second] = await Promise.all([fresh.load(tinyModel()), fresh.load(tinyModel())]);
    expect(second).toBe(first);
    expect(await fresh.gpuBackend()).toBe(false);
    expect(fresh.gpuBackendIfStarted()).toBe(false);
    expect(fresh.isLoaded("tiny")).toBe(true);
    await fresh.dispose();
  });

  it("evaluates at most 128 tokens a step on the CPU unless the batch size is set", async () => {
    const loadedBatchSizes = async (batchSize: number | undefined) => {
      const sizes: unknown[] = [];
      const logged = new ModelManager({
        threads: 1,
        gpu: false,
        contextSize: 512,
        parallelSequences: 1,
        batchSize,
        logger: {
          info: (details, message) => {
            if (message === "model loaded")
              sizes.push((details as { batchSize?: unknown }).batchSize);
          },
          warn: () => {},
          debug: () => {},
        },
      });
      await logged.load(tinyModel());
      await logged.dispose();
      return sizes;
    };
    expect(await loadedBatchSizes(undefined)).toEqual([128]);
    expect(await loadedBatchSizes(48)).toEqual([48]);
  });
});
