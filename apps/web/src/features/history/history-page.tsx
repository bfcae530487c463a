import { ComingSoon } from "../../components/coming-soon";

/** History: the user's past generations and explanations (not built yet). */
export function HistoryPage() {
  return (
    <ComingSoon
      title="History"
      summary="Every question you ask and every answer you get, including stopped ones, kept for you."
      plannedFeatures={[
        "Browse and search your past generations and explanations",
        "Reopen an answer with its model, settings and timings",
        "Delete entries you no longer want to keep",
      ]}
    />
  );
}
