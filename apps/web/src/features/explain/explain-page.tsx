import { ComingSoon } from "../../components/coming-soon";

/** Explain: paste code, get an explanation in the style you need (not built yet). */
export function ExplainPage() {
  return (
    <ComingSoon
      title="Explain code"
      summary="Paste a piece of code and CodeGenie explains it, streamed as it is written."
      plannedFeatures={[
        "Beginner-friendly explanations in simple words, with analogies",
        "Technical deep-dives: complexity, memory use and design choices",
        "Step-by-step guides that follow the order the code runs in",
      ]}
    />
  );
}
