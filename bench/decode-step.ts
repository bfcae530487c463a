/**
 * How long one decode step takes with 1, 2, 4 or 8 sequences in the batch, and whether the order
 * of the sequences in the batch matters. Talks to node-llama-cpp's native context directly
 * (`initBatch` / `addToBatch` / `decodeBatch`, the calls its own batching loop makes), so nothing
 * but llama.cpp is timed. Diagnostic, not part of `npm run bench`:
 *
 *   npx tsx bench/decode-step.ts [--model <gguf>] [--threads 2] [--steps 16] [--sequences 1,2,4,8]
 */
import { parseArgs } from "node:util";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: ".cache/bench-models/deepseek-coder-1.3b-q4_0.gguf" },
    threads: { type: "string", default: "2" },
    steps: { type: "string", default: "16" },
    sequences: { type: "string", default: "1,2,4,8" },
    "context-size": { type: "string", default: "1024" },
  },
});
const threads = Number(values.threads);
const steps = Number(values.steps);
const counts = values.sequences.split(",").map(Number);
const maxSequences = Math.max(...counts);

interface NativeContext {
  initBatch(size: number): void;
  addToBatch(sequenceId: number, firstIndex: number, tokens: Uint32Array, logits: Uint32Array): Uint32Array;
  decodeBatch(): Promise<void>;
  disposeSequence(sequenceId: number): void;
}

const llama = await getLlama({ build: "never", gpu: false, maxThreads: threads, logLevel: LlamaLogLevel.warn });
const model = await llama.loadModel({ modelPath: values.model, useMmap: false });
const context = await model.createContext({
  contextSize: Number(values["context-size"]),
  sequences: maxSequences,
  threads,
});
const native = (context as unknown as { _ctx: NativeContext })._ctx;
const prompt = Uint32Array.from({ length: 32 }, (_, index) => 100 + index);

/** Times `steps` decode steps of the given sequences, in the given order; median ms per step. */
async function timeSteps(order: number[]): Promise<number> {
  for (const id of order) native.disposeSequence(id);
  // Each sequence gets its 32-token prompt first (one batch per sequence, not timed).
  for (const id of order) {
    native.initBatch(prompt.length);
    native.addToBatch(id, 0, prompt, Uint32Array.of(prompt.length - 1));
    await native.decodeBatch();
  }
  const times: number[] = [];
  for (let step = 0; step < steps; step++) {
    native.initBatch(order.length);
    for (const id of order) {
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
  ["ascending 0..n-1", (n) => Array.from({ length: n }, (_, i) => i)],
  ["descending n-1..0", (n) => Array.from({ length: n }, (_, i) => n - 1 - i)],
  ["every other id", (n) => Array.from({ length: n }, (_, i) => (2 * i) % maxSequences + Math.floor((2 * i) / maxSequences))],
];
await timeSteps([0]); // warm-up
const single = await timeSteps([0]);
console.log(`threads ${threads}, ${steps} steps, context ${maxSequences} × ${values["context-size"]}`);
console.log(`| sequences | order | ms / step | × one-sequence step | tokens/s |`);
console.log(`| --- | --- | --- | --- | --- |`);
for (const n of counts) {
  for (const [name, order] of orders) {
    if (n === 1 && name !== "ascending 0..n-1") continue;
    if (name === "every other id" && 2 * n > maxSequences) continue;
    const ids = order(n);
    const ms = await timeSteps(ids);
    console.log(`| ${n} | ${name} (${ids.join(",")}) | ${ms.toFixed(1)} | ${(ms / single).toFixed(2)} | ${((n * 1000) / ms).toFixed(1)} |`);
  }
}
await context.dispose();
await model.dispose();
await llama.dispose();
