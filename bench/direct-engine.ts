import {
  getLlama,
  type Llama,
  LlamaCompletion,
  type LlamaContext,
  type LlamaContextSequence,
  LlamaLogLevel,
  type LlamaModel,
  type Token,
} from "node-llama-cpp";
import type { StreamTiming } from "./timing";

/** Sampling of every generation in the benchmark, on both sides. */
export const SAMPLING = { temperature: 0.2, topP: 0.95 } as const;

/**
 * node-llama-cpp used directly in this process, the baseline CodeGenie is compared with: the
 * same model file, threads, context size and sampling, no HTTP, no database, no scheduler.
 */
export class DirectEngine {
  readonly #llama: Llama;
  readonly #model: LlamaModel;
  readonly #contexts = new Map<
    number,
    { context: LlamaContext; sequences: LlamaContextSequence[] }
  >();
  readonly #threads: number;
  readonly #contextSize: number;

  private constructor(llama: Llama, model: LlamaModel, threads: number, contextSize: number) {
    this.#llama = llama;
    this.#model = model;
    this.#threads = threads;
    this.#contextSize = contextSize;
  }

  /** Loads the model on the CPU (`useMmap: false`, as CodeGenie does on CPU). */
  static async load(
    modelPath: string,
    threads: number,
    contextSize: number,
  ): Promise<DirectEngine> {
    const llama = await getLlama({
      build: "never",
      gpu: false,
      maxThreads: threads,
      logLevel: LlamaLogLevel.warn,
    });
    const model = await llama.loadModel({ modelPath, useMmap: false });
    return new DirectEngine(llama, model, threads, contextSize);
  }

  /** Tokens of `text` as CodeGenie tokenizes a user prompt (plain text, BOS added later). */
  tokenize(text: string): Token[] {
    const trim = this.#model.tokens.shouldPrependBosToken ? "trimLeadingSpace" : undefined;
    return this.#model.tokenize(text, false, trim);
  }

  /**
   * Generates `maxTokens` tokens for each prompt at once, one sequence each, in a context of
   * exactly `prompts.length` sequences (created on first use and kept).
   */
  async generate(prompts: string[], maxTokens: number): Promise<StreamTiming[]> {
    const { sequences } = await this.#contextFor(prompts.length);
    return Promise.all(
      prompts.map((prompt, index) =>
        this.#generateOne(sequences[index] as LlamaContextSequence, prompt, maxTokens),
      ),
    );
  }

  async #generateOne(
    sequence: LlamaContextSequence,
    prompt: string,
    maxTokens: number,
  ): Promise<StreamTiming> {
    const tokens = this.tokenize(prompt);
    const completion = new LlamaCompletion({ contextSequence: sequence });
    const startedAt = performance.now();
    let firstTokenAt: number | undefined;
    let completionTokens = 0;
    try {
      // The same generation options as CodeGenie's engine (packages/llm/src/engine).
      await completion.generateCompletionWithMeta(tokens, {
        maxTokens,
        ...SAMPLING,
        repeatPenalty: false,
        disableContextShift: true,
        onToken: (generated) => {
          firstTokenAt ??= performance.now();
          completionTokens += generated.length;
        },
      });
    } finally {
      completion.dispose({ disposeSequence: false });
    }
    const endedAt = performance.now();
    return {
      promptTokens: tokens.length + (this.#model.tokens.shouldPrependBosToken ? 1 : 0),
      completionTokens,
      firstTokenMs: (firstTokenAt ?? endedAt) - startedAt,
      endMs: endedAt - startedAt,
    };
  }

  async #contextFor(sequenceCount: number) {
    let entry = this.#contexts.get(sequenceCount);
    if (!entry) {
      const context = await this.#model.createContext({
        contextSize: this.#contextSize,
        sequences: sequenceCount,
        threads: this.#threads,
        // CodeGenie's default. node-llama-cpp's own ("auto": on here) evaluates prompts ~15 %
        // faster and decodes ~20 % slower, which made part (a) compare two different engines.
        flashAttention: false,
      });
      const sequences = Array.from({ length: sequenceCount }, () => context.getSequence());
      entry = { context, sequences };
      this.#contexts.set(sequenceCount, entry);
    }
    return entry;
  }

  /** Frees the contexts, the model and llama.cpp. */
  async dispose(): Promise<void> {
    for (const { context } of this.#contexts.values()) await context.dispose();
    await this.#model.dispose();
    await this.#llama.dispose();
  }
}
