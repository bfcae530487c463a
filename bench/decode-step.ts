/**
 * How long one decode step takes with 1, 2, 4 or 8 sequences in the batch, and whether the order
 * of the sequences in the batch matters. Talks to node-llama-cpp's native context directly
 * (`initBatch` / `addToBatch` / `decodeBatch`, the calls its own batching loop makes), so nothing
 * but llama.cpp is timed. Diagnostic, not part of `npm run bench`:
 *
 *   npx tsx bench/decode-step.ts [--model <gguf>] [--threads 2] [--steps 16] [--rounds 3] [--flash-attention] [--sequences 1,2,4,8]
 */
import { parseArgs } from "node:util";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: ".cache/bench-models/deepseek-coder-1.3b-q4_0.gguf" },
    threads: { type: "string", default: "2" },
    steps: { type: "string", default: "16" },
    rounds: { type: "string", default: "3" },
    sequences: { type: "string", default: "1,2,4,8" },
    "context-size": { type: "string", default: "1024" },
    "flash-attention": { type: "boolean", default: false },
    "batch-size": { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});
const threads = Number(values.threads);
const steps = Number(values.steps);
const counts = values.sequences.split(",").map(Number);
const maxSequences = Math.max(...counts);

interface NativeContext {
  initBatch(size: number): void;
  addToBatch(
    sequenceId: number,
    firstIndex: number,
    tokens: Uint32Array,
    logits: Uint32Array,
  ): Uint32Array;
  decodeBatch(): Promise<void>;
  disposeSequence(sequenceId: number): void;
}

const llama = await getLlama({
  build: "never",
  gpu: false,
  maxThreads: threads,
  logLevel: values.verbose ? LlamaLogLevel.info : LlamaLogLevel.warn,
});
const model = await llama.loadModel({ modelPath: values.model, useMmap: false });
const context = await model.createContext({
  contextSize: Number(values["context-size"]),
  sequences: maxSequences,
  threads,
  flashAttention: values["flash-attention"],
  ...(values["batch-size"] === undefined ? {} : { batchSize: Number(values["batch-size"]) }),
});
const native = (context as unknown as { _ctx: NativeContext })._ctx;
const prompt = Uint32Array.from({ length: 32 }, (_, index) => 100 + index);

/** Times `steps` decode steps of the given sequences, in the given order; median ms per step. */
async function timeSteps(order: number[], tokensOfOne = 0): Promise<number> {
  for (const id of order) native.disposeSequence(id);
  // Each sequence gets its 32-token prompt first (one batch per sequence, not timed).
  for (const id of order) {
    native.initBatch(prompt.length);
    native.addToBatch(id, 0, prompt, Uint32Array.of(prompt.length - 1));
    await native.decodeBatch();
  }
  const times: number[] = [];
  for (let step = 0; step < steps; step++) {
    native.initBatch(Math.max(order.length, tokensOfOne));
    if (tokensOfOne > 0) {
      // One sequence, `tokensOfOne` new tokens with logits each: the same matrix sizes as as many
      // sequences decoding one token, without llama.cpp's per-sequence handling.
      const tokens = Uint32Array.from({ length: tokensOfOne }, (_, i) => 200 + i);
      const logits = Uint32Array.from({ length: tokensOfOne }, (_, i) => i);
      native.addToBatch(0, prompt.length + step * tokensOfOne, tokens, logits);
    }
    for (const id of tokensOfOne > 0 ? [] : order) {
      native.addToBatch(id, prompt.length + step, Uint32Array.of(200 + step), Uint32Array.of(0));
    }
    const startedAt = performance.now();
    await native.decodeBatch();
    times.push(performance.now() - startedAt);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const orders: [string, (n: number) => number[]][] = [
  ["ascending", (n) => Array.from({ length: n }, (_, i) => i)],
  ["descending", (n) => Array.from({ length: n }, (_, i) => n - 1 - i)],
];
const configs = counts.flatMap((n) =>
  orders
    // Descending is slow (a micro-batch per sequence): only up to 4 sequences.
    .filter(([name]) => name === "ascending" || (n > 1 && n <= 4))
    .map(([name, order]) => ({ n, name, ids: order(n), tokensOfOne: 0 }))
    .concat(n > 1 ? [{ n, name: `${n} tokens of one sequence`, ids: [0], tokensOfOne: n }] : []),
);
// Rounds over every configuration, so a burst of load elsewhere hits them all alike.
const medians = new Map(configs.map((config) => [config, [] as number[]]));
await timeSteps([0]); // warm-up
for (let round = 0; round < Number(values.rounds); round++) {
  for (const config of configs)
    medians.get(config)?.push(await timeSteps(config.ids, config.tokensOfOne));
}
const median = (list: number[]) =>
  [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
const single = median(medians.get(configs[0] as (typeof configs)[number]) ?? []);
console.log(
  `threads ${threads}, ${values.rounds} rounds × ${steps} steps, context ${maxSequences} × ${values["context-size"]}, flash attention ${values["flash-attention"]}, batch ${context.batchSize}`,
);
console.log(
  "| sequences | order in the batch | ms / step | × 1-sequence step | tokens/s | × 1-sequence tokens/s |",
);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const config of configs) {
  const ms = median(medians.get(config) ?? []);
  const rate = (config.n * 1000) / ms;
  console.log(
    `| ${config.n} | ${config.tokensOfOne > 0 ? config.name : `${config.name} (${config.ids.join(",")})`} | ${ms.toFixed(1)} | ${(ms / single).toFixed(2)} | ${rate.toFixed(1)} | ${(rate / (1000 / single)).toFixed(2)} |`,
  );
}
await context.dispose();
await model.dispose();
await llama.dispose();
