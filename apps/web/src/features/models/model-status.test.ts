import type { TModelSummary } from "@codegenie/shared";
import { describe, expect, it } from "vitest";
import { unavailableHint } from "./model-status";

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
