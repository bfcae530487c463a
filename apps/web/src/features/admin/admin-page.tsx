import { ComingSoon } from "../../components/coming-soon";

/** Admin dashboard: usage, quality and user management (not built yet). */
export function AdminPage() {
  return (
    <ComingSoon
      title="Admin"
      summary="For administrators: how CodeGenie is used and how well it serves people."
      plannedFeatures={[
        "Usage: queries per day, active users, latency and speed per model",
        "Ratings, sentiment of feedback over time and a word cloud of comments",
        "Code quality: syntax validity and execution success per model and language",
        "Search across users, history, feedback and the audit log",
        "Manage users: promote, demote, reset or delete accounts",
      ]}
    />
  );
}
