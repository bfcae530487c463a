import { GgufInsights, type Llama, readGgufFileInfo } from "node-llama-cpp";

/** What a context of a model is created with, for its memory estimate. */
export interface ContextShape {
  /** Tokens per sequence. */
  contextSize: number;
  sequences: number;
  useMmap: boolean;
  flashAttention: boolean;
  /** Tokens per step; undefined: node-llama-cpp's default. */
  batchSize: number | undefined;
}

/**
 * Bytes a model needs loaded with such a context — weights, KV cache of every sequence and
 * compute buffers, RAM and VRAM together — as node-llama-cpp estimates them from the file's GGUF
 * header (read only, nothing is loaded). Rejects when the file is not a readable GGUF file.
 */
export async function estimateModelBytes(
  llama: Llama,
  file: string,
  shape: ContextShape,
): Promise<number> {
  const info = await readGgufFileInfo(file, { logWarnings: false });
  const insights = await GgufInsights.from(info, llama);
  // Same layers on the GPU as llama.loadModel's default ("auto" fits as many as it can); on CPU 0.
  const gpuLayers = llama.gpu === false ? 0 : insights.totalLayers;
  const weights = await insights.estimateModelResourceRequirementsV2({
    gpuLayers,
    useMmap: shape.useMmap,
  });
  const context = await insights.estimateContextResourceRequirementsV2({
    contextSize: shape.contextSize,
    sequences: shape.sequences,
    modelGpuLayers: gpuLayers,
    flashAttention: shape.flashAttention,
    useMmap: shape.useMmap,
    batchSize: shape.batchSize,
  });
  return weights.cpuRam + weights.gpuVram + context.cpuRam + context.gpuVram;
}
