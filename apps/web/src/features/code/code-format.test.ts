import type { TRunResult } from "@codegenie/shared";
import { describe, expect, it } from "vitest";
import { describeAutomaticRun, firstErrorLine, formatRunDuration } from "./code-format";
import { MAX_CHECK_POLLS, shouldPollChecks } from "./use-code-blocks";

const run = (overrides: Partial<TRunResult>): TRunResult => ({
  status: "ok",
  stdout: "",
  stderr: "",
  durationMs: 12.4,
  truncated: false,
  ...overrides,
});

describe("code check wording", () => {
  it("says how an automatic run ended", () => {
    expect(describeAutomaticRun(run({}))).toBe("Ran OK in 12 ms");
    expect(describeAutomaticRun(run({ durationMs: 1530 }))).toBe("Ran OK in 1.5 s");
    expect(describeAutomaticRun(run({ status: "error" }))).toBe("Failed");
    expect(describeAutomaticRun(run({ status: "timeout" }))).toBe("Timed out");
    expect(formatRunDuration(0.4)).toBe("0 ms");
  });

  it("picks the line of stderr that names the error", () => {
    const traceback = [
      "Traceback (most recent call last):",
      '  File "<exec>", line 1, in <module>',
      "ZeroDivisionError: division by zero",
      "",
    ].join("\n");
    expect(firstErrorLine(traceback)).toBe("ZeroDivisionError: division by zero");
    expect(firstErrorLine("ReferenceError: x is not defined\n    at <eval>")).toBe(
      "ReferenceError: x is not defined",
    );
    expect(firstErrorLine("\n")).toBeNull();
  });

  it("polls while the server checks, and gives up after a while", () => {
    expect(shouldPollChecks({ state: "pending", blocks: [] }, 1)).toBe(true);
    expect(shouldPollChecks({ state: "checked", blocks: [] }, 1)).toBe(false);
    expect(shouldPollChecks({ state: "pending", blocks: [] }, MAX_CHECK_POLLS)).toBe(false);
    expect(shouldPollChecks(undefined, 0)).toBe(false);
  });
});
