import type { TModelSummary } from "@codegenie/shared";

/** Why a model cannot be picked now ("Downloading 42%", "Not downloaded yet"), or null. */
export function unavailableHint(model: TModelSummary): string | null {
  if (model.isAvailable) return null;
  if (model.status !== "downloading") return "Not downloaded yet";
  const totalBytes = model.download?.totalBytes;
  if (!totalBytes) return "Downloading…";
  const percent = Math.floor(((model.download?.downloadedBytes ?? 0) / totalBytes) * 100);
  return `Downloading ${percent}%`;
}

/** A model's state in a few words and a colour for its badge. */
export interface ModelStatusLabel {
  label: string;
  color: string;
}

/** What a model is best at, as a person says it. */
export const TASK_LABELS: Record<TModelSummary["task"], string> = {
  general: "General",
  code: "Code",
  reasoning: "Reasoning",
};

/** The model's status as listed: ready, loaded, not downloaded, downloading 42%. */
export function modelStatusLabel(model: TModelSummary): ModelStatusLabel {
  switch (model.status) {
    case "loaded":
      return { label: "Ready (loaded)", color: "green" };
    case "ready":
      return model.isAvailable
        ? { label: "Ready", color: "green" }
        : { label: "Unavailable", color: "red" };
    case "not_downloaded":
      return { label: "Not downloaded", color: "gray" };
    case "downloading":
      return { label: unavailableHint(model) ?? "Downloading…", color: "blue" };
  }
}

/** Where the user's own request stands while it waits for the model to start answering. */
export interface WaitingRequest {
  /** Requests ahead of it in the model's queue; null or 0 when it is not queued. */
  queuePosition: number | null;
}

/**
 * The status to show for the chosen model: while the user's request waits, "Busy: 2 ahead of
 * you" when it is queued, else "Loading…" when the model is not in memory yet; otherwise the
 * listed status.
 */
export function liveModelStatus(
  model: TModelSummary,
  waiting: WaitingRequest | null,
): ModelStatusLabel {
  if (waiting?.queuePosition) {
    return { label: `Busy: ${waiting.queuePosition} ahead of you`, color: "orange" };
  }
  if (waiting && model.status !== "loaded") return { label: "Loading…", color: "blue" };
  return modelStatusLabel(model);
}
