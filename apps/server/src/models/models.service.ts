import { existsSync } from "node:fs";
import { localModelFile, type ModelDefinition } from "@codegenie/llm";
import type { TModelSummary } from "@codegenie/shared";
import { AppError } from "../errors";

/** The models this server offers, as read from the models file at start-up. */
export class ModelsService {
  readonly #models: ReadonlyMap<string, ModelDefinition>;

  constructor(models: readonly ModelDefinition[]) {
    this.#models = new Map(models.map((model) => [model.id, model]));
  }

  /** Every model, with whether it can answer now. */
  list(): TModelSummary[] {
    return [...this.#models.values()].map((model) => {
      const isAvailable = isOnDisk(model);
      return {
        id: model.id,
        name: model.name,
        promptFormat: model.promptFormat,
        description: model.description,
        task: model.task,
        contextSize: model.contextSize,
        engine: model.source.kind === "openai" ? "remote" : "embedded",
        status: isAvailable ? "ready" : "not_downloaded",
        isAvailable,
        download: null,
        defaultSampling: model.defaultSampling,
      };
    });
  }

  /**
   * The model with this id, ready to serve. Throws 404 model.not_found (listing the ids) or
   * 503 model.unavailable (saying how to get the weights).
   */
  requireAvailable(id: string): ModelDefinition {
    const model = this.#models.get(id);
    if (!model) {
      const available = [...this.#models.keys()];
      throw new AppError(
        "model.not_found",
        `There is no model "${id}". Available models: ${available.join(", ") || "none"}.`,
        { available },
      );
    }
    if (!isOnDisk(model)) {
      throw new AppError(
        "model.unavailable",
        `The model "${id}" is not downloaded yet. An administrator can put its GGUF file in the models folder, or list another file for it in the models file (see docs/configuration.md).`,
        { model: id },
      );
    }
    return model;
  }
}

/** Remote models are always "on disk": their server has the weights. */
function isOnDisk(model: ModelDefinition): boolean {
  const file = localModelFile(model);
  return file === undefined || existsSync(file);
}
