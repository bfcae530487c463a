import type { TModelSummary } from "@codegenie/shared";
import { useState } from "react";
import { useModels } from "./use-models";

/** The model list and the model the user chose, as {@link useModelChoice} returns them. */
export interface ModelChoice {
  modelsQuery: ReturnType<typeof useModels>;
  /** The chosen model, else the first available one, else null. */
  modelId: string | null;
  /** The chosen model's summary, when the list has it. */
  model: TModelSummary | undefined;
  setModelId: (modelId: string | null) => void;
}

/**
 * Which model to ask. Until the user picks one, the first available model is used, so a server
 * with a single ready model needs no extra click.
 */
export function useModelChoice(): ModelChoice {
  const modelsQuery = useModels();
  const [chosenId, setModelId] = useState<string | null>(null);
  const models = modelsQuery.data ?? [];
  const modelId = chosenId ?? models.find((model) => model.isAvailable)?.id ?? null;
  const model = models.find((candidate) => candidate.id === modelId);
  return { modelsQuery, modelId, model, setModelId };
}
