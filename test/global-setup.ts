import { access } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  GGUF_WRITER_VERSION,
  MODEL_SHAPES,
  type ModelShape,
  writeTestModel,
} from "@codegenie/llm/gguf-writer";
import type { TestProject } from "vitest/node";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/**
 * A model wide and deep enough that one CPU thread writes a few hundred tokens per second (the
 * tiny one writes over a thousand): a browser test can watch an answer stream and press Stop
 * before it ends. About 30 MB.
 */
const STREAMING_SHAPE: ModelShape = {
  ...MODEL_SHAPES.tiny,
  name: "CodeGenie streaming test model",
  embeddingLength: 512,
  blockCount: 8,
  headCount: 8,
  headCountKv: 8,
  feedForwardLength: 1536,
};

/**
 * Vitest global setup of the `model` and `e2e` projects: writes the generated test models once
 * into `.cache/test-models/` and provides their absolute paths (`inject("tinyModelPath")`,
 * `inject("streamingModelPath")`). The writer version is in the file names, so a writer change
 * regenerates them instead of reusing stale files; the writer renames a complete file into place,
 * so an existing file is never partial.
 */
export default async function setup(project: TestProject): Promise<void> {
  project.provide("tinyModelPath", await cachedModel("tiny", MODEL_SHAPES.tiny));
  project.provide("streamingModelPath", await cachedModel("streaming", STREAMING_SHAPE));
}

async function cachedModel(name: string, shape: ModelShape): Promise<string> {
  const fileName = `${name}-q8_0-v${GGUF_WRITER_VERSION}.gguf`;
  const modelPath = path.join(repoRoot, ".cache", "test-models", fileName);
  const isCached = await access(modelPath).then(
    () => true,
    () => false,
  );
  if (!isCached) await writeTestModel({ shape, type: "q8_0", seed: 1, outPath: modelPath });
  return modelPath;
}
