import { existsSync } from "node:fs";
import { getLlama, type Llama, LlamaLogLevel } from "node-llama-cpp";
import { LlmError } from "../errors";
import { localModelFile, type ModelDefinition } from "../models/model-definition";
import type { EngineLogger, GenerationRequest, GenerationResult } from "./engine-types";
import { LoadedModel } from "./loaded-model";
import { OpenAiCompatibleEngine } from "./remote/openai-engine";

/** How the embedded engine runs. */
export interface ModelManagerOptions {
  /**
   * CPU threads for llama.cpp. Use the number of cores: node-llama-cpp's own default (at least 4)
   * makes decoding collapse on a 2-core machine (measured 0.4 instead of ~14 tokens/s).
   */
  threads: number;
  /** GPU backend: `auto` uses one when llama.cpp finds it; `false` is CPU only. */
  gpu: "auto" | "cuda" | "vulkan" | "metal" | false;
  /** Tokens per sequence (prompt and answer of one generation). */
  contextSize: number;
  /** Generations one loaded model runs at the same time. */
  parallelSequences: number;
  logger?: EngineLogger | undefined;
}

/**
 * The one owner of the embedded llama.cpp engine and the models loaded into it: it loads a model
 * on first use (concurrent first requests share one load), keeps it warm, and disposes of
 * everything in {@link dispose}.
 */
export class ModelManager {
  readonly #options: ModelManagerOptions;
  #llama: Promise<Llama> | undefined;
  readonly #loaded = new Map<string, Promise<LoadedModel>>();
  #isDisposed = false;
  readonly #remote = new OpenAiCompatibleEngine();

  constructor(options: ModelManagerOptions) {
    this.#options = options;
  }

  /** Generates an answer with `model`, loading it first when needed. */
  async generate(model: ModelDefinition, request: GenerationRequest): Promise<GenerationResult> {
    const startedAt = performance.now();
    if (model.source.kind === "openai") return this.#remote.generate(model, request);
    const loaded = await this.load(model);
    return loaded.generate(model, request, startedAt);
  }

  /** The model ready to generate; loads it once, however many callers ask at the same time. */
  load(model: ModelDefinition): Promise<LoadedModel> {
    if (this.#isDisposed) throw new LlmError("model-load-failed", "The engine is shutting down.");
    const cacheKey = `${model.id}\u0000${localModelFile(model)}`;
    let loading = this.#loaded.get(cacheKey);
    if (!loading) {
      loading = this.#loadModel(model);
      this.#loaded.set(cacheKey, loading);
      // A failed load is not cached: the next request tries again (e.g. after the file appears).
      loading.catch(() => this.#loaded.delete(cacheKey));
    }
    return loading;
  }

  /** The GPU backend llama.cpp uses (`cuda`, `vulkan`, `metal`), or false for CPU only. */
  async gpuBackend(): Promise<Llama["gpu"]> {
    return (await this.#getLlama()).gpu;
  }

  /** Unloads every model and releases llama.cpp. Further generate calls fail. */
  async dispose(): Promise<void> {
    this.#isDisposed = true;
    const loads = [...this.#loaded.values()];
    this.#loaded.clear();
    for (const result of await Promise.allSettled(loads)) {
      if (result.status === "fulfilled") await result.value.dispose();
    }
    await this.#remote.dispose();
    const llama = this.#llama;
    this.#llama = undefined;
    if (llama) await (await llama).dispose();
  }

  async #loadModel(model: ModelDefinition): Promise<LoadedModel> {
    const { logger } = this.#options;
    const file = localModelFile(model);
    if (file === undefined)
      throw new LlmError("model-load-failed", `"${model.id}" is a remote model.`);
    if (!existsSync(file)) {
      throw new LlmError("model-file-missing", `The weights of "${model.id}" are not on disk.`);
    }
    const llama = await this.#getLlama();
    const startedAt = performance.now();
    try {
      const llamaModel = await llama.loadModel({
        modelPath: file,
        // On CPU, mmap keeps the file mapped next to llama.cpp's repacked copy: twice the memory.
        useMmap: llama.gpu !== false,
      });
      const context = await llamaModel.createContext({
        contextSize: this.#options.contextSize,
        sequences: this.#options.parallelSequences,
        threads: this.#options.threads,
      });
      const sequences = Array.from({ length: this.#options.parallelSequences }, () =>
        context.getSequence(),
      );
      logger?.info(
        {
          model: model.id,
          loadMs: Math.round(performance.now() - startedAt),
          gpu: llama.gpu,
          contextSize: context.contextSize,
          sequences: sequences.length,
        },
        "model loaded",
      );
      return new LoadedModel(llamaModel, context, sequences);
    } catch (error) {
      throw new LlmError(
        "model-load-failed",
        `The model "${model.id}" could not be loaded: ${(error as Error).message}`,
        { cause: error },
      );
    }
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
    logger?.info({ gpu: llama.gpu, threads }, "llama.cpp engine ready");
    return llama;
  }
}
