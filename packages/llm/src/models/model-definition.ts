import type { TModelTask, TPromptFormat } from "@codegenie/shared";

/** Where a model's weights (or its server) are. */
export type ModelSource =
  /** A local GGUF file (absolute path); it may not exist yet. */
  | { kind: "file"; file: string }
  /** A GGUF file on Hugging Face, downloaded to `localFile` (absolute path) before use. */
  | { kind: "hf"; repo: string; file: string; revision: string; localFile: string }
  /**
   * An OpenAI-compatible server (vLLM, TGI, Ollama, llama-server); the API key is read from
   * `apiKeyEnv`. `maxConcurrentRequests`: requests sent to its servers at once, more wait in the
   * queue; default 8 per base URL (DEFAULT_REQUESTS_PER_BASE_URL).
   */
  | {
      kind: "openai";
      baseUrls: string[];
      model: string;
      apiKeyEnv?: string | undefined;
      maxConcurrentRequests?: number | undefined;
    };

/** How the embedded engine runs a local model. */
export interface ModelRuntimeOptions {
  /** Map the file instead of reading it; default: only when a GPU is used (on CPU it doubles RSS). */
  useMmap?: boolean | undefined;
  /** llama.cpp flash attention; default off (measured faster off on CPU: 16.4 vs 13.9 tokens/s). */
  flashAttention?: boolean | undefined;
}

/** A model the server can serve. */
export interface ModelDefinition {
  /** Stable id used in requests, e.g. `deepseek-coder-1.3b-instruct`. */
  id: string;
  /** Name shown to people. */
  name: string;
  /** How prompts are written for this model. */
  promptFormat: TPromptFormat;
  /** One sentence on what it is good at. */
  description: string;
  task: TModelTask;
  /** Tokens one conversation may hold; the engine's context per sequence. */
  contextSize: number;
  /** Sampling when a request does not say. */
  defaultSampling: { temperature: number; topP: number };
  source: ModelSource;
  runtime: ModelRuntimeOptions;
}

/** The local file of a model with weights on disk (file or hf source), else undefined. */
export function localModelFile(model: ModelDefinition): string | undefined {
  switch (model.source.kind) {
    case "file":
      return model.source.file;
    case "hf":
      return model.source.localFile;
    case "openai":
      return undefined;
  }
}
