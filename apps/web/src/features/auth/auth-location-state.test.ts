import { describe, expect, it } from "vitest";
import { readAuthLocationState } from "./auth-location-state";

describe("readAuthLocationState", () => {
  it("keeps a path of this app to return to after signing in", () => {
    expect(readAuthLocationState({ from: "/profile?tab=1" })).toEqual({ from: "/profile?tab=1" });
  });

  it("never sends people to another site", () => {
    expect(readAuthLocationState({ from: "//evil.example/" })).toEqual({});
    expect(readAuthLocationState({ from: "https://evil.example/" })).toEqual({});
  });

  it("ignores state it does not understand", () => {
    expect(readAuthLocationState(null)).toEqual({});
    expect(readAuthLocationState({ from: 3, notice: "Done." })).toEqual({ notice: "Done." });
  });
});
