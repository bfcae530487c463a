import type { TModelSummary } from "@codegenie/shared";
import { describe, expect, it } from "vitest";
import { liveModelStatus, modelStatusLabel, unavailableHint } from "./model-status";

const model: TModelSummary = {
  id: "phi-2",
  name: "Phi-2",
  promptFormat: "phi-2",
  description: "",
  task: "reasoning",
  contextSize: 2048,
  engine: "embedded",
  status: "not_downloaded",
  isDownloadable: true,
  isAvailable: false,
  download: null,
  defaultSampling: { temperature: 0.4, topP: 0.95 },
};

describe("unavailableHint", () => {
  it("shows a download's percent instead of an error", () => {
    const downloading = {
      ...model,
      status: "downloading" as const,
      download: { downloadedBytes: 429, totalBytes: 1000, bytesPerSecond: 100 },
    };
    expect(unavailableHint(downloading)).toBe("Downloading 42%");
    expect(unavailableHint({ ...downloading, download: null })).toBe("Downloading…");
  });

  it("says a missing model is not downloaded, and nothing for a ready one", () => {
    expect(unavailableHint(model)).toBe("Not downloaded yet");
    expect(unavailableHint({ ...model, status: "ready", isAvailable: true })).toBeNull();
  });
});

describe("modelStatusLabel and liveModelStatus", () => {
  const ready = { ...model, status: "ready" as const, isAvailable: true };

  it("names each listed status", () => {
    expect(modelStatusLabel(model).label).toBe("Not downloaded");
    expect(modelStatusLabel(ready).label).toBe("Ready");
    expect(modelStatusLabel({ ...ready, status: "loaded" }).label).toBe("Ready (loaded)");
    expect(modelStatusLabel({ ...model, status: "downloading" }).label).toBe("Downloading…");
  });

  it("says busy with the queue position, or loading, while the user's request waits", () => {
    expect(liveModelStatus(ready, { queuePosition: 2 }).label).toBe("Busy: 2 ahead of you");
    expect(liveModelStatus(ready, { queuePosition: null }).label).toBe("Loading…");
    expect(liveModelStatus({ ...ready, status: "loaded" }, { queuePosition: 0 }).label).toBe(
      "Ready (loaded)",
    );
    expect(liveModelStatus(ready, null).label).toBe("Ready");
  });
});
