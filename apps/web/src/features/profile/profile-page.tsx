import { Loader, Stack, Text, Title } from "@mantine/core";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { AccountDataSection } from "./account-data-section";
import { ApiKeysSection } from "./api-keys-section";
import { AvatarSection } from "./avatar-section";
import { ChangePasswordSection } from "./change-password-section";
import { ProfileDetailsSection } from "./profile-details-section";
import { SecurityQuestionsSection } from "./security-questions-section";
import { SessionsSection } from "./sessions-section";
import { useMe } from "./use-me";

/** Profile: how the user appears, how they sign in, where they are signed in, and their data. */
export function ProfilePage() {
  const me = useMe();
  return (
    <Stack gap="md" maw={880}>
      <div>
        <Title order={2}>Profile</Title>
        <Text c="dimmed" size="sm">
          Your account: how you appear to others and how you sign in.
        </Text>
      </div>
      {me.isPending && <Loader size="sm" aria-label="Loading your profile" />}
      {me.isError && <ErrorAlert error={toApiError(me.error)} />}
      {me.data && (
        <>
          <ProfileDetailsSection me={me.data} />
          <AvatarSection me={me.data} />
          <ChangePasswordSection />
          <SecurityQuestionsSection me={me.data} />
          <SessionsSection />
          <ApiKeysSection />
          <AccountDataSection />
        </>
      )}
    </Stack>
  );
}
