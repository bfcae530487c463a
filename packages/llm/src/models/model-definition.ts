import type { TPromptFormat } from "@codegenie/shared";

/** A model the server can serve, with where its weights are. */
export interface ModelDefinition {
  /** Stable id used in requests, e.g. `deepseek-coder-1.3b-instruct`. */
  id: string;
  /** Name shown to people. */
  name: string;
  /** How prompts are written for this model. */
  promptFormat: TPromptFormat;
  /** A local GGUF file (absolute path); it may not exist yet. */
  source: { file: string };
}
