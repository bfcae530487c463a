import { access } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MODEL_SHAPES, type ModelShape, writeTestModel } from "@codegenie/llm/gguf-writer";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** The generated model a run uses. */
export interface BenchModel {
  /** Short name for tables: the shape and the weight type. */
  name: string;
  path: string;
}

/** A small shape for `--quick`: big enough to look like a model, loaded and run in seconds. */
const QUICK_SHAPE: ModelShape = {
  ...MODEL_SHAPES.tiny,
  name: "CodeGenie quick benchmark model",
  embeddingLength: 256,
  blockCount: 4,
  headCount: 4,
  headCountKv: 4,
  feedForwardLength: 768,
};

/**
 * The benchmark model, written to `.cache/bench-models/` when missing (the full one is about
 * 724 MiB and takes a minute or two). The writer renames a finished file into place, so a file
 * that exists is complete, even when another process wrote it.
 */
export async function ensureBenchModel(isQuick: boolean): Promise<BenchModel> {
  const name = isQuick ? "quick-q4_0" : "deepseek-coder-1.3b-q4_0";
  const modelPath = path.join(repoRoot, ".cache", "bench-models", `${name}.gguf`);
  const exists = await access(modelPath).then(
    () => true,
    () => false,
  );
  if (!exists) {
    console.error(`writing ${path.relative(repoRoot, modelPath)} …`);
    await writeTestModel({
      shape: isQuick ? QUICK_SHAPE : "deepseek-coder-1.3b",
      type: "q4_0",
      seed: 1,
      outPath: modelPath,
    });
  }
  return { name, path: modelPath };
}
