import { LlmError } from "../../errors";
import type { ModelDefinition } from "../../models/model-definition";
import type { GenerationRequest, GenerationResult } from "../engine-types";

/** Streams generations from OpenAI-compatible servers (vLLM, TGI, Ollama, llama-server). */
export class OpenAiCompatibleEngine {
  /** Runs one generation on the model's remote servers. */
  async generate(model: ModelDefinition, _request: GenerationRequest): Promise<GenerationResult> {
    throw new LlmError("generation-failed", `Remote models are not supported yet ("${model.id}").`);
  }

  /** Closes connections. */
  async dispose(): Promise<void> {}
}
