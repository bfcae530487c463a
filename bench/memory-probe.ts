/**
 * `tsx bench/memory-probe.ts <model.gguf> <threads> <contextSize> <sequences>`: loads the model
 * with one context of `sequences` sequences in a fresh process, runs one short generation on every
 * sequence (so the KV cache pages it uses are touched), and prints one JSON line of resident
 * memory readings. A fresh process per reading: memory freed in a process is not always given
 * back to the system, so measuring several loads in one process would mislead.
 */
import { getLlama, LlamaCompletion, LlamaLogLevel } from "node-llama-cpp";

/** What the probe prints, bytes throughout. */
export interface MemoryProbeReading {
  sequences: number;
  contextSize: number;
  /** RSS with llama.cpp started and nothing loaded. */
  rssBaseline: number;
  /** RSS after loading the weights. */
  rssModel: number;
  /** RSS after creating the context and its sequences. */
  rssContext: number;
  /** RSS after one short generation on every sequence. */
  rssAfterGeneration: number;
  /** node-llama-cpp's `model.size`: the weights in memory. */
  modelSize: number;
  /** node-llama-cpp's `context.stateSize`: llama.cpp's own size of the context state. */
  contextStateSize: number;
  /** node-llama-cpp's estimate of the context's CPU memory (GgufInsights). */
  contextEstimateCpuRam: number;
}

async function main(): Promise<void> {
  const [modelPath, threadsText, contextSizeText, sequencesText] = process.argv.slice(2);
  if (!modelPath || !threadsText || !contextSizeText || !sequencesText) {
    throw new Error("usage: memory-probe.ts <model.gguf> <threads> <contextSize> <sequences>");
  }
  const threads = Number(threadsText);
  const contextSize = Number(contextSizeText);
  const sequences = Number(sequencesText);

  const llama = await getLlama({
    build: "never",
    gpu: false,
    maxThreads: threads,
    logLevel: LlamaLogLevel.error,
  });
  const rssBaseline = process.memoryUsage.rss();
  const model = await llama.loadModel({ modelPath, useMmap: false });
  const rssModel = process.memoryUsage.rss();
  const context = await model.createContext({ contextSize, sequences, threads });
  const contextSequences = Array.from({ length: sequences }, () => context.getSequence());
  const rssContext = process.memoryUsage.rss();
  await Promise.all(
    contextSequences.map(async (sequence, index) => {
      const completion = new LlamaCompletion({ contextSequence: sequence });
      await completion.generateCompletion(`memory probe ${index}`, { maxTokens: 4 });
      completion.dispose({ disposeSequence: false });
    }),
  );
  const rssAfterGeneration = process.memoryUsage.rss();
  const estimate = await model.fileInsights.estimateContextResourceRequirementsV2({
    contextSize,
    sequences,
    modelGpuLayers: 0,
  });
  const reading: MemoryProbeReading = {
    sequences,
    contextSize: context.contextSize,
    rssBaseline,
    rssModel,
    rssContext,
    rssAfterGeneration,
    modelSize: model.size,
    contextStateSize: context.stateSize,
    contextEstimateCpuRam: estimate.cpuRam,
  };
  console.log(JSON.stringify(reading));
  await context.dispose();
  await model.dispose();
  await llama.dispose();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
