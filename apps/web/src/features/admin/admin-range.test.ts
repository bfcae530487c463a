import { describe, expect, it } from "vitest";
import { rangeBounds, readRange } from "./admin-range";

describe("the admin range picker's state", () => {
  it("reads the range and bucket from the URL, with defaults for missing or unknown values", () => {
    expect(readRange(new URLSearchParams(""))).toEqual({ preset: "7d", bucket: "day" });
    expect(readRange(new URLSearchParams("range=24h"))).toEqual({ preset: "24h", bucket: "hour" });
    expect(readRange(new URLSearchParams("range=30d&bucket=week"))).toEqual({
      preset: "30d",
      bucket: "week",
    });
    expect(readRange(new URLSearchParams("range=toString&bucket=minute"))).toEqual({
      preset: "7d",
      bucket: "day",
    });
  });

  it("counts the range back from now", () => {
    const now = new Date("2025-03-10T12:00:00.000Z");
    expect(rangeBounds("24h", now)).toEqual({
      from: "2025-03-09T12:00:00.000Z",
      to: "2025-03-10T12:00:00.000Z",
    });
    expect(rangeBounds("7d", now).from).toBe("2025-03-03T12:00:00.000Z");
  });
});
