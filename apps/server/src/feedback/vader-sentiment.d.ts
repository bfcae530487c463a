// vader-sentiment ships no types; this declares the one call CodeGenie makes.
declare module "vader-sentiment" {
  /** VADER's scores: `compound` in −1…+1 (rounded to 4 places), `pos`/`neu`/`neg` proportions (3 places). */
  export interface PolarityScores {
    neg: number;
    neu: number;
    pos: number;
    compound: number;
  }

  const vader: {
    SentimentIntensityAnalyzer: { polarity_scores(text: string): PolarityScores };
  };
  export default vader;
}
