import { existsSync } from "node:fs";
import { totalmem } from "node:os";
import { getLlama, type Llama, LlamaLogLevel } from "node-llama-cpp";
import { checkGgufFile } from "../download/gguf-file-check";
import { LlmError } from "../errors";
import { localModelFile, type ModelDefinition } from "../models/model-definition";
import { formatPrompt } from "../prompt-formats/prompt-formats";
import type {
  Conversation,
  EngineLogger,
  GenerationRequest,
  GenerationResult,
} from "./engine-types";
import { LoadedModel } from "./loaded-model";
import { estimateModelBytes } from "./memory-estimate";
import { OpenAiCompatibleEngine, type OpenAiEngineOptions } from "./remote/openai-engine";
import { RemoteModelSlots } from "./remote/remote-model-slots";

/** How the embedded engine runs. */
export interface ModelManagerOptions {
  /**
   * CPU threads for llama.cpp. Use the number of cores: node-llama-cpp's own default (at least 4)
   * makes decoding collapse on a 2-core machine (measured 0.4 instead of ~14 tokens/s).
   */
  threads: number;
  /** GPU backend: `auto` uses one when llama.cpp finds it; `false` is CPU only. */
  gpu: "auto" | "cuda" | "vulkan" | "metal" | false;
  /** Most tokens per sequence (prompt and answer of one generation); a model's own size caps it. */
  contextSize: number;
  /** Generations one loaded model runs at the same time, batched in one context. */
  parallelSequences: number;
  /**
   * Requests that may wait for a busy model (local, or remote at its `maxConcurrentRequests`);
   * more are refused with LlmError `busy`. Default 16.
   */
  queueDepth?: number | undefined;
  /** Seconds a model stays loaded without use; 0 (the default) keeps it loaded. */
  idleUnloadSeconds?: number | undefined;
  /** Bytes the loaded models may use together; default 75% of the machine's memory. */
  memoryBudgetBytes?: number | undefined;
  /** Flash attention for models whose runtime options do not say; default off. */
  flashAttention?: boolean | undefined;
  /**
   * Most tokens llama.cpp evaluates in one step. A longer prompt goes in over several steps, and
   * the running generations' next tokens join each of them, so a new prompt pauses them for one
   * step instead of the whole prompt. Default: CPU_BATCH_SIZE on the CPU, node-llama-cpp's 512
   * on a GPU (which evaluates big batches much faster than small ones).
   */
  batchSize?: number | undefined;
  /** Longest one generation runs, in ms (queue wait excluded); then it ends with `timeout`. */
  generationTimeoutMs?: number | undefined;
  /** Settings of the engine for remote (OpenAI-compatible) models. */
  remote?: Omit<OpenAiEngineOptions, "logger"> | undefined;
  logger?: EngineLogger | undefined;
  /** Called after a local model has loaded, with the time llama.cpp took, in ms (for metrics). */
  onModelLoaded?: ((modelId: string, loadMs: number) => void) | undefined;
}

/** A model that is loading or loaded, and who uses it. */
interface ModelEntry {
  key: string;
  modelId: string;
  ready: Promise<LoadedModel>;
  loaded: LoadedModel | undefined;
  /** Estimated memory, counted against the budget once loaded. */
  bytes: number;
  /** Requests holding the model (queued or generating); while above 0 it is never unloaded. */
  users: number;
  lastUsedAt: number;
  idleTimer: NodeJS.Timeout | undefined;
}

const MIB = 1024 * 1024;

/**
 * The batch size on the CPU: measured on the DeepSeek-Coder 1.3B shape (Q4_0, 2 threads), a
 * 512-token prompt goes in at 205 tokens/s in batches of 128 and 203 in one of 512 (64: 199,
 * 32: 134), so smaller batches cost the prompt nothing down to 128 while the running
 * generations wait a quarter as long for their next token (bench/README.md).
 */
const CPU_BATCH_SIZE = 128;

/**
 * The one owner of the embedded llama.cpp engine and the models loaded into it. It loads a model
 * on first use (concurrent first requests share one load) and keeps it warm; unloads it after
 * `idleUnloadSeconds` without use; keeps the loaded models within the memory budget by unloading
 * the least recently used idle ones first; never unloads a model while a request holds it. Loads
 * and unloads run one at a time under one lock, so they never interleave. Remote models go to
 * the OpenAI-compatible engine, at most `maxConcurrentRequests` at once each, behind the same
 * kind of bounded, fair queue as local models.
 */
export class ModelManager {
  readonly #options: ModelManagerOptions;
  readonly #budgetBytes: number;
  #llama: Promise<Llama> | undefined;
  #startedLlama: Llama | undefined;
  readonly #entries = new Map<string, ModelEntry>();
  #lockTail: Promise<unknown> = Promise.resolve();
  #idleWaiters: (() => void)[] = [];
  #isDisposed = false;
  readonly #remote: OpenAiCompatibleEngine;
  readonly #remoteSlots: RemoteModelSlots;

  constructor(options: ModelManagerOptions) {
    this.#options = options;
    this.#budgetBytes = options.memoryBudgetBytes ?? Math.floor(totalmem() * 0.75);
    this.#remote = new OpenAiCompatibleEngine({ ...options.remote, logger: options.logger });
    this.#remoteSlots = new RemoteModelSlots(options.queueDepth ?? 16);
  }

  /** Generates an answer with `model`, loading it first when needed. */
  async generate(model: ModelDefinition, request: GenerationRequest): Promise<GenerationResult> {
    const startedAt = performance.now();
    if (model.source.kind === "openai") {
      return this.#remoteSlots.run(model, request, startedAt, () =>
        this.#remote.generate(model, request, startedAt),
      );
    }
    const entry = this.#acquire(model);
    try {
      const loaded = await entry.ready;
      return await loaded.generate(model, request, startedAt);
    } finally {
      this.#release(entry);
    }
  }

  /**
   * Throws LlmError `busy` (with `retryAfterSeconds`) when a request for `model` would be refused
   * now because its sequences (a remote model's request slots) are busy and its queue is full. Lets a route answer 429 before it
   * starts streaming; `generate` checks again when the request joins the queue.
   */
  checkCapacity(model: ModelDefinition): void {
    if (model.source.kind === "openai") {
      this.#remoteSlots.checkCapacity(model);
      return;
    }
    this.#entries.get(entryKey(model))?.loaded?.checkCapacity();
  }

  /**
   * Measures `conversation` written in a local model's prompt format with its real tokenizer:
   * the prompt's tokens (counting the beginning-of-text token, so at most one over) and the
   * tokens one sequence of its context holds. Loads the model when needed. Callers trim a
   * conversation to the window with it before generating; remote models have no tokenizer here.
   */
  async measurePrompt(
    model: ModelDefinition,
    conversation: Conversation,
  ): Promise<{ promptTokens: number; contextSize: number }> {
    const entry = this.#acquire(model);
    try {
      const loaded = await entry.ready;
      const tokens = loaded.tokenize(formatPrompt(model.promptFormat, conversation));
      return { promptTokens: tokens.length + 1, contextSize: loaded.contextSize };
    } finally {
      this.#release(entry);
    }
  }

  /** The model ready to generate; loads it once, however many callers ask at the same time. */
  async load(model: ModelDefinition): Promise<LoadedModel> {
    const entry = this.#acquire(model);
    try {
      return await entry.ready;
    } finally {
      this.#release(entry);
    }
  }

  /** Whether the model with this id is in memory now. */
  isLoaded(modelId: string): boolean {
    return [...this.#entries.values()].some(
      (entry) => entry.modelId === modelId && entry.loaded !== undefined,
    );
  }

  /**
   * Requests waiting for a free sequence of each loaded local model, and for a free slot of each
   * remote model used so far (for metrics).
   */
  queueLengths(): { modelId: string; waiting: number }[] {
    const local = [...this.#entries.values()].flatMap((entry) =>
      entry.loaded ? [{ modelId: entry.modelId, waiting: entry.loaded.queueLength }] : [],
    );
    return [...local, ...this.#remoteSlots.queueLengths()];
  }

  /** Unloads the model with this id once no request holds it (e.g. before its file is removed). */
  async unload(modelId: string): Promise<void> {
    await this.#exclusive(async () => {
      for (const entry of this.#entries.values()) {
        if (entry.modelId !== modelId) continue;
        await entry.ready.catch(() => undefined);
        while (entry.users > 0) await this.#nextIdle();
        await this.#unloadEntry(entry, "removed");
      }
    });
  }

  /** Memory the model would need loaded, in bytes (weights, KV caches, buffers). */
  async estimateMemoryBytes(model: ModelDefinition): Promise<number> {
    const file = localModelFile(model);
    if (file === undefined) return 0;
    const llama = await this.#getLlama();
    return estimateModelBytes(llama, file, this.#contextShape(model, llama));
  }

  /** Starts llama.cpp now (it otherwise starts on first use) and says how it runs. */
  async start(): Promise<{ gpu: Llama["gpu"]; threads: number }> {
    const llama = await this.#getLlama();
    return { gpu: llama.gpu, threads: this.#options.threads };
  }

  /** The GPU backend llama.cpp uses (`cuda`, `vulkan`, `metal`), or false for CPU only. */
  async gpuBackend(): Promise<Llama["gpu"]> {
    return (await this.#getLlama()).gpu;
  }

  /** The GPU backend if llama.cpp has started, else null; never starts it. */
  gpuBackendIfStarted(): Llama["gpu"] | null {
    return this.#startedLlama?.gpu ?? null;
  }

  /** Unloads every model and releases llama.cpp. Further generate calls fail. */
  async dispose(): Promise<void> {
    this.#isDisposed = true;
    await this.#exclusive(async () => {
      for (const entry of [...this.#entries.values()]) {
        await entry.ready.catch(() => undefined);
        await this.#unloadEntry(entry, "shutdown");
      }
    });
    await this.#remote.dispose();
    const llama = this.#llama;
    this.#llama = undefined;
    this.#startedLlama = undefined;
    if (llama) await (await llama.catch(() => undefined))?.dispose();
  }

  #acquire(model: ModelDefinition): ModelEntry {
    if (this.#isDisposed) throw new LlmError("model-load-failed", "The engine is shutting down.");
    const key = entryKey(model);
    let entry = this.#entries.get(key);
    if (!entry) {
      const created: ModelEntry = {
        key,
        modelId: model.id,
        ready: this.#exclusive(() => this.#loadEntry(model, created)),
        loaded: undefined,
        bytes: 0,
        users: 0,
        lastUsedAt: performance.now(),
        idleTimer: undefined,
      };
      // A failed load is not kept: the next request tries again (e.g. after the file appears).
      created.ready.catch(() => {
        if (this.#entries.get(key) === created) this.#entries.delete(key);
      });
      this.#entries.set(key, created);
      entry = created;
    }
    entry.users++;
    entry.lastUsedAt = performance.now();
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    return entry;
  }

  #release(entry: ModelEntry): void {
    entry.users--;
    entry.lastUsedAt = performance.now();
    if (entry.users > 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
    const idleSeconds = this.#options.idleUnloadSeconds ?? 0;
    if (idleSeconds <= 0 || entry.loaded === undefined) return;
    // unref: an idle timer never keeps the process alive.
    entry.idleTimer = setTimeout(() => {
      void this.#exclusive(async () => {
        if (this.#entries.get(entry.key) === entry && entry.users === 0) {
          await this.#unloadEntry(entry, "idle");
        }
      });
    }, idleSeconds * 1000).unref();
  }

  /** Resolves when some model's last request ends. */
  #nextIdle(): Promise<void> {
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Runs `task` after every earlier load or unload has finished. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#lockTail.then(task);
    this.#lockTail = run.catch(() => undefined);
    return run;
  }

  /** Under the lock: checks the file and the budget, makes room, loads. */
  async #loadEntry(model: ModelDefinition, entry: ModelEntry): Promise<LoadedModel> {
    const file = localModelFile(model);
    if (file === undefined) {
      throw new LlmError("model-load-failed", `"${model.id}" is a remote model.`);
    }
    if (!existsSync(file)) {
      throw new LlmError("model-file-missing", `The weights of "${model.id}" are not on disk.`);
    }
    // A corrupt or truncated file is refused as such, before llama.cpp ever reads it.
    await checkGgufFile(file);
    const llama = await this.#getLlama();
    const shape = this.#contextShape(model, llama);
    const bytes = await estimateModelBytes(llama, file, shape).catch((error: unknown) => {
      throw new LlmError(
        "model-load-failed",
        `The model "${model.id}" could not be loaded: ${(error as Error).message}`,
        { cause: error },
      );
    });
    if (bytes > this.#budgetBytes) {
      throw new LlmError(
        "model-too-large",
        `The model "${model.id}" needs about ${toMib(bytes)} MiB with ${shape.sequences} parallel sequences of ${shape.contextSize} tokens; the memory budget for models is ${toMib(this.#budgetBytes)} MiB (MODEL_MEMORY_BUDGET_MB). Raise the budget, or lower MODEL_PARALLEL_SEQUENCES or MODEL_CONTEXT_SIZE.`,
        { details: { neededMb: toMib(bytes), budgetMb: toMib(this.#budgetBytes) } },
      );
    }
    await this.#makeRoom(bytes, entry);

    const startedAt = performance.now();
    try {
      const llamaModel = await llama.loadModel({ modelPath: file, useMmap: shape.useMmap });
      try {
        const context = await llamaModel.createContext({
          contextSize: shape.contextSize,
          sequences: shape.sequences,
          threads: this.#options.threads,
          flashAttention: shape.flashAttention,
          batchSize: shape.batchSize,
        });
        const sequences = Array.from({ length: shape.sequences }, () => context.getSequence());
        const loaded = new LoadedModel(llamaModel, context, sequences, {
          queueDepth: this.#options.queueDepth ?? 16,
          timeoutMs: this.#options.generationTimeoutMs,
        });
        const loadMs = performance.now() - startedAt;
        this.#options.onModelLoaded?.(model.id, loadMs);
        this.#options.logger?.info(
          {
            model: model.id,
            loadMs: Math.round(loadMs),
            gpu: llama.gpu,
            threads: this.#options.threads,
            contextSize: context.contextSize,
            sequences: shape.sequences,
            useMmap: shape.useMmap,
            flashAttention: shape.flashAttention,
            batchSize: context.batchSize,
            estimatedMb: toMib(bytes),
            isBatchingGated: loaded.isBatchingGated,
          },
          "model loaded",
        );
        entry.loaded = loaded;
        entry.bytes = bytes;
        return loaded;
      } catch (error) {
        await llamaModel.dispose();
        throw error;
      }
    } catch (error) {
      throw new LlmError(
        "model-load-failed",
        `The model "${model.id}" could not be loaded: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /**
   * Under the lock: unloads least recently used idle models until `bytes` more fit the budget;
   * when only models in use stand in the way, waits for one of them to become idle.
   */
  async #makeRoom(bytes: number, forEntry: ModelEntry): Promise<void> {
    for (;;) {
      const others = [...this.#entries.values()].filter(
        (entry) => entry !== forEntry && entry.loaded !== undefined,
      );
      const usedBytes = others.reduce((sum, entry) => sum + entry.bytes, 0);
      if (usedBytes + bytes <= this.#budgetBytes) return;
      const leastRecentlyUsed = others
        .filter((entry) => entry.users === 0)
        .sort((a, b) => a.lastUsedAt - b.lastUsedAt)[0];
      if (leastRecentlyUsed) await this.#unloadEntry(leastRecentlyUsed, "memory budget");
      else await this.#nextIdle();
    }
  }

  /** Under the lock (or at shutdown): forgets the entry and frees its memory. */
  async #unloadEntry(entry: ModelEntry, reason: string): Promise<void> {
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
    clearTimeout(entry.idleTimer);
    const loaded = entry.loaded;
    entry.loaded = undefined;
    if (!loaded) return;
    await loaded.dispose();
    this.#options.logger?.info({ model: entry.modelId, reason }, "model unloaded");
  }

  #contextShape(model: ModelDefinition, llama: Llama) {
    return {
      contextSize: Math.min(model.contextSize, this.#options.contextSize),
      sequences: this.#options.parallelSequences,
      // On CPU, mmap keeps the file mapped next to llama.cpp's repacked copy: twice the memory.
      useMmap: model.runtime.useMmap ?? llama.gpu !== false,
      flashAttention: model.runtime.flashAttention ?? this.#options.flashAttention ?? false,
      batchSize: this.#options.batchSize ?? (llama.gpu === false ? CPU_BATCH_SIZE : undefined),
    };
  }

  #getLlama(): Promise<Llama> {
    this.#llama ??= this.#startLlama();
    return this.#llama;
  }

  async #startLlama(): Promise<Llama> {
    const { logger, gpu, threads } = this.#options;
    const llama = await getLlama({
      // Never compile llama.cpp at run time: use the prebuilt binaries shipped with the package.
      build: "never",
      gpu,
      maxThreads: threads,
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => {
        const text = message.trim();
        if (text === "") return;
        if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) {
          logger?.warn({ source: "llama.cpp" }, text);
        } else {
          logger?.debug({ source: "llama.cpp" }, text);
        }
      },
    });
    this.#startedLlama = llama;
    logger?.info(
      { gpu: llama.gpu, threads, memoryBudgetMb: toMib(this.#budgetBytes) },
      "llama.cpp engine ready",
    );
    return llama;
  }
}

function entryKey(model: ModelDefinition): string {
  return `${model.id}\u0000${localModelFile(model)}`;
}

function toMib(bytes: number): number {
  return Math.round(bytes / MIB);
}
