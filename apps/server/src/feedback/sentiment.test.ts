import { describe, expect, it } from "vitest";
import { scoreSentiment, sentimentLabel } from "./sentiment";

// The output VADER's authors publish for their example sentences (README of
// github.com/cjhutto/vaderSentiment, "Output for the above example code"): compound, pos, neu, neg.
const PUBLISHED: [sentence: string, compound: number, pos: number, neu: number, neg: number][] = [
  ["VADER is smart, handsome, and funny.", 0.8316, 0.746, 0.254, 0.0],
  ["VADER is smart, handsome, and funny!", 0.8439, 0.752, 0.248, 0.0],
  ["VADER is very smart, handsome, and funny.", 0.8545, 0.701, 0.299, 0.0],
  ["VADER is VERY SMART, handsome, and FUNNY.", 0.9227, 0.754, 0.246, 0.0],
  ["VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342, 0.767, 0.233, 0.0],
  ["VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469, 0.706, 0.294, 0.0],
  ["VADER is not smart, handsome, nor funny.", -0.7424, 0.0, 0.354, 0.646],
  ["The book was good.", 0.4404, 0.492, 0.508, 0.0],
  ["At least it isn't a horrible book.", 0.431, 0.363, 0.637, 0.0],
  ["The book was only kind of good.", 0.3832, 0.303, 0.697, 0.0],
  [
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    -0.7042,
    0.094,
    0.579,
    0.327,
  ],
  ["Today SUX!", -0.5461, 0.0, 0.221, 0.779],
  ["Make sure you :) or :D today!", 0.8633, 0.706, 0.294, 0.0],
];

describe("scoreSentiment", () => {
  it.each(PUBLISHED)("scores %j as VADER publishes", (sentence, compound, pos, neu, neg) => {
    expect(scoreSentiment(sentence)).toEqual({
      compound,
      positive: pos,
      neutral: neu,
      negative: neg,
      label: compound >= 0.05 ? "positive" : "negative",
    });
  });

  it("calls text without sentiment neutral", () => {
    expect(scoreSentiment("The function sorts the list.")).toEqual({
      compound: 0,
      positive: 0,
      neutral: 1,
      negative: 0,
      label: "neutral",
    });
  });
});

describe("sentimentLabel", () => {
  it("uses ±0.05 as the thresholds, inclusive", () => {
    expect(sentimentLabel(0.05)).toBe("positive");
    expect(sentimentLabel(0.0499)).toBe("neutral");
    expect(sentimentLabel(0)).toBe("neutral");
    expect(sentimentLabel(-0.0499)).toBe("neutral");
    expect(sentimentLabel(-0.05)).toBe("negative");
    expect(sentimentLabel(-1)).toBe("negative");
  });
});
