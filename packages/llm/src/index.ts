/**
 * The model layer: the models a server offers, how each one's prompts are written, and the
 * embedded llama.cpp engine that runs them. The GGUF test-model writer is `@codegenie/llm/gguf-writer`.
 */
export type {
  ChatMessage,
  Conversation,
  EngineLogger,
  GenerationRequest,
  GenerationResult,
} from "./engine/engine-types";
export type { LoadedModel } from "./engine/loaded-model";
export { ModelManager, type ModelManagerOptions } from "./engine/model-manager";
export { LlmError, type LlmErrorKind } from "./errors";
export { builtInModelFileName, builtInModels } from "./models/built-in-models";
export {
  localModelFile,
  type ModelDefinition,
  type ModelRuntimeOptions,
  type ModelSource,
} from "./models/model-definition";
export {
  loadModelRegistry,
  type ModelRegistryOptions,
  ModelsFileError,
  type TModelsFile,
  ZModelsFile,
} from "./models/models-file";
export {
  DEEPSEEK_CODER_SYSTEM_PROMPT,
  type FormattedPrompt,
  formatPrompt,
  type PromptPart,
  promptText,
} from "./prompt-formats/prompt-formats";
