import path from "node:path";
import type { ModelDefinition } from "./model-definition";

/**
 * The three models CodeGenie offers with no models file. Each answers once its 4-bit (Q4_K_M)
 * GGUF file is in the models folder as `<id>.Q4_K_M.gguf`.
 */
const BUILT_IN_MODELS = [
  { id: "gemma-2b-it", name: "Gemma 2B Instruct", promptFormat: "gemma" },
  {
    id: "deepseek-coder-1.3b-instruct",
    name: "DeepSeek-Coder 1.3B Instruct",
    promptFormat: "deepseek-coder",
  },
  { id: "phi-2", name: "Phi-2", promptFormat: "phi-2" },
] as const;

/** The file name a built-in model's weights are expected under in the models folder. */
export function builtInModelFileName(id: string): string {
  return `${id}.Q4_K_M.gguf`;
}

/** The built-in models, with their files in `modelsDir`. */
export function builtInModels(modelsDir: string): ModelDefinition[] {
  return BUILT_IN_MODELS.map((model) => ({
    ...model,
    source: { file: path.join(modelsDir, builtInModelFileName(model.id)) },
  }));
}
