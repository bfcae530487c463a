import { ComingSoon } from "../../components/coming-soon";

/** Profile: the user's account settings (not built yet). */
export function ProfilePage() {
  return (
    <ComingSoon
      title="Profile"
      summary="Your account: how you appear to others and how you sign in."
      plannedFeatures={[
        "Display name and avatar (upload or Gravatar)",
        "Change your password and recovery options",
        "API keys for the OpenAI-compatible endpoint",
        "Export or delete all your data",
      ]}
    />
  );
}
