/**
 * N concurrent generations through CodeGenie's engine (ModelManager → LoadedModel, no HTTP):
 * per stream the time to the first token and the decode rate, the aggregate, and the decode
 * gate's mean batch width. Diagnostic, not part of `npm run bench`:
 *
 *   npx tsx bench/engine-streams.ts [--model <gguf>] [--streams 1,4,8] [--sequences 8] [--tokens 128] [--stagger 0] [--system-words 0] [--batch-size <n>]
 *
 * Every run reuses the sequences of the runs before it (as a server does). With
 * `--system-words N` every prompt starts with the same N-word system instruction, as the HTTP
 * API's prompts do: a used sequence then keeps that prefix and erases only the rest.
 */
import { parseArgs } from "node:util";
import { ModelManager } from "../packages/llm/src/engine/model-manager";
import type { ModelDefinition } from "../packages/llm/src/models/model-definition";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: ".cache/bench-models/deepseek-coder-1.3b-q4_0.gguf" },
    threads: { type: "string", default: "2" },
    streams: { type: "string", default: "1,4,8" },
    sequences: { type: "string", default: "8" },
    tokens: { type: "string", default: "128" },
    /** Stream i starts i × stagger ms after the first, as requests over HTTP arrive. */
    stagger: { type: "string", default: "0" },
    /** Words of a system instruction every prompt shares (0: none). */
    "system-words": { type: "string", default: "0" },
    /** Tokens per llama.cpp step (default: the engine's, 128 on the CPU). */
    "batch-size": { type: "string" },
  },
});
const definition: ModelDefinition = {
  id: "bench",
  name: "bench",
  promptFormat: "raw",
  description: "",
  task: "code",
  contextSize: 1024,
  defaultSampling: { temperature: 0.2, topP: 0.95 },
  source: { kind: "file", file: values.model },
  runtime: {},
};
const manager = new ModelManager({
  threads: Number(values.threads),
  gpu: false,
  contextSize: 1024,
  parallelSequences: Number(values.sequences),
  batchSize: values["batch-size"] === undefined ? undefined : Number(values["batch-size"]),
});
const loaded = await manager.load(definition);
let promptNumber = 1000;
const systemWords = Number(values["system-words"]);
const system =
  systemWords > 0
    ? Array.from({ length: systemWords }, (_, index) => `rule${index % 10}`).join(" ")
    : undefined;
// Warm-up: the first generation after loading is slow (llama.cpp sets up its buffers).
await manager.generate(definition, {
  conversation: { messages: [{ role: "user", content: "0 warm-up" }] },
  maxTokens: 4,
  signal: new AbortController().signal,
});
for (const streams of values.streams.split(",").map(Number)) {
  const before = loaded.batchingStats;
  const startedAt = performance.now();
  const results = await Promise.all(
    Array.from({ length: streams }, async (_, index) => {
      let firstAt: number | undefined;
      let lastAt: number | undefined;
      // The longest wait between two pieces of this stream's text: what a user sees as a stall.
      let longestGapMs = 0;
      await new Promise((resolve) => setTimeout(resolve, index * Number(values.stagger)));
      return manager
        .generate(definition, {
          conversation: {
            system,
            messages: [
              { role: "user", content: `${promptNumber++} def function_${index}(values):` },
            ],
          },
          userId: `user-${index}`,
          maxTokens: Number(values.tokens),
          signal: new AbortController().signal,
          onTextDelta: () => {
            const now = performance.now();
            firstAt ??= now;
            if (lastAt !== undefined) longestGapMs = Math.max(longestGapMs, now - lastAt);
            lastAt = now;
          },
        })
        .then((result) => ({
          result,
          firstMs: (firstAt ?? Number.NaN) - startedAt,
          longestGapMs,
          endMs: performance.now() - startedAt,
        }));
    }),
  );
  const wallMs = performance.now() - startedAt;
  const tokens = results.reduce((sum, { result }) => sum + result.completionTokens, 0);
  const after = loaded.batchingStats;
  const width = (after.decodes - before.decodes) / (after.steps - before.steps);
  console.log(
    `${streams} streams: aggregate ${((tokens * 1000) / wallMs).toFixed(1)} tok/s, wall ${(wallMs / 1000).toFixed(1)} s, mean batch width ${width.toFixed(2)}`,
  );
  for (const [index, { result, firstMs, endMs, longestGapMs }] of results.entries()) {
    const decodeRate = ((result.completionTokens - 1) * 1000) / (endMs - firstMs);
    console.log(
      `  stream ${index}: first token ${firstMs.toFixed(0)} ms, ${result.completionTokens} tokens, decode ${decodeRate.toFixed(1)} tok/s, longest gap ${longestGapMs.toFixed(0)} ms, ${result.finishReason}`,
    );
  }
}
await manager.dispose();
