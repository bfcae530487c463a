import path from "node:path";
import type { ModelDefinition } from "./model-definition";

/**
 * The three models CodeGenie offers with no models file: 4-bit (Q4_K_M) GGUF files on Hugging
 * Face, downloaded into the models folder as `<id>.Q4_K_M.gguf`. This is the one place that names
 * their repositories and files. Context sizes are the models' own (their GGUF `context_length`).
 * Each model's stop strings are its prompt format's (see prompt-formats.ts): Gemma stops at
 * `<end_of_turn>`, DeepSeek-Coder at `<|EOT|>`, Phi-2 at `<|endoftext|>` or a new `Instruct:`.
 *
 * Gemma is released under Google's Gemma terms: Google's own repositories are gated (accept the
 * licence on the hub and set HF_TOKEN) and google/gemma-2b-it-GGUF publishes only a 32-bit file,
 * so its Q4_K_M file comes from LM Studio's quantization (lmstudio-ai), under the same terms. Set
 * HF_TOKEN when the hub asks for one: a gated repository answers 401 without it.
 */
const BUILT_IN_MODELS = [
  {
    id: "gemma-2b-it",
    name: "Gemma 2B Instruct",
    promptFormat: "gemma",
    description:
      "Google's 2B general-purpose assistant: explanations, questions and everyday code.",
    task: "general",
    contextSize: 8192,
    // Prose for people: some variety reads better.
    defaultSampling: { temperature: 0.7, topP: 0.95 },
    hf: { repo: "lmstudio-ai/gemma-2b-it-GGUF", file: "gemma-2b-it-q4_k_m.gguf" },
  },
  {
    id: "deepseek-coder-1.3b-instruct",
    name: "DeepSeek-Coder 1.3B Instruct",
    promptFormat: "deepseek-coder",
    description:
      "DeepSeek's 1.3B code model, trained on 2T tokens of mostly code: writes and explains code in many languages.",
    task: "code",
    contextSize: 16384,
    // Code must be exact: close to greedy, as DeepSeek's own examples decode.
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
    description:
      "Microsoft's 2.7B model, strong at common-sense and logical reasoning: step-by-step explanations.",
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
