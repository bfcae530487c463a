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
