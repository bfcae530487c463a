import { describe, expect, it } from "vitest";
import { formatBucketLabel, formatDuration, formatRate } from "./admin-format";

describe("admin number and label formats", () => {
  it("labels a bucket by its wall time, whatever the browser's zone", () => {
    const dayLabel = formatBucketLabel("2025-06-02T00:00", "day");
    expect(dayLabel).toMatch(/Jun/);
    expect(dayLabel).toMatch(/\b2\b/);
    expect(formatBucketLabel("2025-06-02T14:00", "hour")).toMatch(/14|2:00/);
    expect(formatBucketLabel("nonsense", "day")).toBe("nonsense");
  });

  it("shows rates and durations people can read, and a dash for nothing measured", () => {
    expect(formatRate(0.875)).toBe("87.5 %");
    expect(formatRate(null)).toBe("–");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(2400)).toBe("2.4 s");
    expect(formatDuration(null)).toBe("–");
  });
});
