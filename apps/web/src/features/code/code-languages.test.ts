import { describe, expect, it } from "vitest";
import { isRunnableLanguage, languageLabel, normaliseFenceLanguage } from "./code-languages";

describe("code languages", () => {
  it("reads fence tags as the server's language ids", () => {
    expect(normaliseFenceLanguage("py")).toBe("python");
    expect(normaliseFenceLanguage("JS")).toBe("javascript");
    expect(normaliseFenceLanguage("c++")).toBe("cpp");
    expect(normaliseFenceLanguage("python")).toBe("python");
    expect(normaliseFenceLanguage("haskell")).toBe("haskell");
    expect(normaliseFenceLanguage("")).toBeNull();
    expect(normaliseFenceLanguage(null)).toBeNull();
  });

  it("offers Run for Python and JavaScript only", () => {
    expect(isRunnableLanguage("python")).toBe(true);
    expect(isRunnableLanguage("javascript")).toBe(true);
    expect(isRunnableLanguage("typescript")).toBe(false);
    expect(isRunnableLanguage(null)).toBe(false);
  });

  it("names languages for people, and unknown ones by their tag", () => {
    expect(languageLabel("cpp")).toBe("C++");
    expect(languageLabel("javascript")).toBe("JavaScript");
    expect(languageLabel("haskell")).toBe("haskell");
  });
});
