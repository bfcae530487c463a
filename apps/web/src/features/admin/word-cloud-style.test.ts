import { describe, expect, it } from "vitest";
import { seededRandom, sentimentColor, wordLabel, wordSizes } from "./word-cloud-style";

describe("the word cloud's look", () => {
  it("colours words red for negative, grey for neutral and green for positive", () => {
    expect(sentimentColor(-1, "light")).toBe("rgb(201, 42, 42)");
    expect(sentimentColor(0, "light")).toBe("rgb(108, 117, 125)");
    expect(sentimentColor(1, "light")).toBe("rgb(43, 138, 62)");
    expect(sentimentColor(5, "dark")).toBe(sentimentColor(1, "dark"));
    // Half-way between grey and red.
    expect(sentimentColor(-0.5, "light")).toBe("rgb(155, 80, 84)");
  });

  it("sizes words by count on a square-root scale", () => {
    const sizes = wordSizes(
      [
        { term: "slow", count: 16, sentimentMean: -0.5 },
        { term: "fast", count: 4, sentimentMean: 0.5 },
        { term: "code", count: 1, sentimentMean: 0 },
      ],
      10,
      40,
    );
    expect(sizes.get("slow")).toBe(40);
    expect(sizes.get("code")).toBe(10);
    expect(sizes.get("fast")).toBe(20);
    expect(wordSizes([{ term: "only", count: 3, sentimentMean: 0 }], 10, 40).get("only")).toBe(40);
  });

  it("names each word with its count and mean sentiment for screen readers", () => {
    expect(wordLabel({ term: "slow", count: 3, sentimentMean: -0.4215 })).toBe(
      "slow, 3 comments, mean sentiment −0.42",
    );
    expect(wordLabel({ term: "great", count: 1, sentimentMean: 0.6 })).toBe(
      "great, 1 comment, mean sentiment +0.60",
    );
  });

  it("repeats the same random sequence for the same seed", () => {
    const first = seededRandom(7);
    const second = seededRandom(7);
    const values = [first(), first(), first()];
    expect([second(), second(), second()]).toEqual(values);
    for (const value of values) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of values) expect(value).toBeLessThan(1);
  });
});
