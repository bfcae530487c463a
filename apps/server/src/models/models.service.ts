import { existsSync } from "node:fs";
import type { ModelDefinition } from "@codegenie/llm";
import type { TModelSummary } from "@codegenie/shared";
import { AppError } from "../errors";

/** The models this server offers, as read from the models file at start-up. */
export class ModelsService {
  readonly #models: ReadonlyMap<string, ModelDefinition>;

  constructor(models: readonly ModelDefinition[]) {
    this.#models = new Map(models.map((model) => [model.id, model]));
  }

  /** Every model, with whether its weights are present. */
  list(): TModelSummary[] {
    return [...this.#models.values()].map((model) => ({
      id: model.id,
      name: model.name,
      promptFormat: model.promptFormat,
      isAvailable: existsSync(model.source.file),
    }));
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
    if (!existsSync(model.source.file)) {
      throw new AppError(
        "model.unavailable",
        `The model "${id}" is not downloaded yet. An administrator can put its GGUF file in the models folder, or list another file for it in the models file (see docs/configuration.md).`,
        { model: id },
      );
    }
    return model;
  }
}
