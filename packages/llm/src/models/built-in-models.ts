import path from "node:path";
import type { ModelDefinition } from "./model-definition";

/**
 * The three models CodeGenie offers with no models file: 4-bit (Q4_K_M) GGUF files on Hugging
 * Face, downloaded into the models folder as `<id>.Q4_K_M.gguf`.
 */
const BUILT_IN_MODELS = [
  {
    id: "gemma-2b-it",
    name: "Gemma 2B Instruct",
    promptFormat: "gemma",
    description: "Google's small general-purpose assistant: explanations and everyday code.",
    task: "general",
    contextSize: 8192,
    defaultSampling: { temperature: 0.7, topP: 0.95 },
    hf: { repo: "google/gemma-2b-it-GGUF", file: "gemma-2b-it.Q4_K_M.gguf" },
  },
  {
    id: "deepseek-coder-1.3b-instruct",
    name: "DeepSeek-Coder 1.3B Instruct",
    promptFormat: "deepseek-coder",
    description:
      "A code model trained on 2T tokens of code: writes and completes code in many languages.",
    task: "code",
    contextSize: 16384,
    defaultSampling: { temperature: 0.2, topP: 0.95 },
    hf: {
      repo: "TheBloke/deepseek-coder-1.3b-instruct-GGUF",
      file: "deepseek-coder-1.3b-instruct.Q4_K_M.gguf",
    },
  },
  {
    id: "phi-2",
    name: "Phi-2",
    promptFormat: "phi-2",
    description: "Microsoft's 2.7B model strong at reasoning and step-by-step explanations.",
    task: "reasoning",
    contextSize: 2048,
    defaultSampling: { temperature: 0.4, topP: 0.95 },
    hf: { repo: "TheBloke/phi-2-GGUF", file: "phi-2.Q4_K_M.gguf" },
  },
] as const;

/** The file name a built-in model's weights are kept under in the models folder. */
export function builtInModelFileName(id: string): string {
  return `${id}.Q4_K_M.gguf`;
}

/** The built-in models, downloaded into `modelsDir`. */
export function builtInModels(modelsDir: string): ModelDefinition[] {
  return BUILT_IN_MODELS.map(({ hf, defaultSampling, ...model }) => ({
    ...model,
    defaultSampling: { ...defaultSampling },
    source: {
      kind: "hf",
      repo: hf.repo,
      file: hf.file,
      revision: "main",
      localFile: path.join(modelsDir, builtInModelFileName(model.id)),
    },
    runtime: {},
  }));
}
