import { Alert, Anchor, Loader, Tabs, Text } from "@mantine/core";
import { Link, useNavigate } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { AuthCard } from "./auth-card";
import type { AuthLocationState } from "./auth-location-state";
import { EmailCodeReset } from "./email-code-reset";
import { SecurityAnswersReset } from "./security-answers-reset";
import { useAuthOptions } from "./use-auth-options";

/**
 * Reset a forgotten password with a code sent by email (when the server can send email) or by
 * answering the two security questions; afterwards, sign in with the new password.
 */
export function ForgotPasswordPage() {
  const options = useAuthOptions();
  const navigate = useNavigate();
  const onReset = () => {
    const state: AuthLocationState = {
      notice: "Your password has been changed. Sign in with the new one.",
    };
    navigate("/login", { replace: true, state });
  };

  return (
    <AuthCard
      title="Reset your password"
      subtitle="Choose how to prove it is your account."
      footer={
        <Anchor component={Link} to="/login" size="sm">
          Back to sign in
        </Anchor>
      }
    >
      {options.isPending && <Loader size="sm" aria-label="Loading" />}
      {options.isError && <ErrorAlert error={toApiError(options.error)} />}
      {options.data && (
        <Tabs
          defaultValue={options.data.isEmailRecoveryAvailable ? "email" : "questions"}
          keepMounted={false}
        >
          <Tabs.List grow mb="md">
            {options.data.isEmailRecoveryAvailable && (
              <Tabs.Tab value="email">Email me a code</Tabs.Tab>
            )}
            <Tabs.Tab value="questions">Answer security questions</Tabs.Tab>
          </Tabs.List>
          {options.data.isEmailRecoveryAvailable && (
            <Tabs.Panel value="email">
              <EmailCodeReset onReset={onReset} />
            </Tabs.Panel>
          )}
          <Tabs.Panel value="questions">
            <SecurityAnswersReset onReset={onReset} />
          </Tabs.Panel>
        </Tabs>
      )}
      {options.data && !options.data.isEmailRecoveryAvailable && (
        <Alert color="gray" variant="light">
          <Text size="sm">
            This server cannot send email, so codes by email are not offered. Without security
            questions, ask an administrator to reset your password.
          </Text>
        </Alert>
      )}
    </AuthCard>
  );
}
