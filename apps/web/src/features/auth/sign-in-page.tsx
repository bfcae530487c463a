import { type TLoginRequest, ZLoginRequest } from "@codegenie/shared";
import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import type { FormEvent } from "react";
import { Link, useLocation } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { describeError } from "../../lib/api/describe-error";
import { useSession } from "../../lib/api/use-session";
import { useFormFields } from "../../lib/forms/use-form-fields";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { signIn } from "./auth-api";
import { AuthCard } from "./auth-card";
import { readAuthLocationState } from "./auth-location-state";

/**
 * Sign in with user id or email and password. Where to go afterwards is the router's business
 * (GuestOnly sends people back to the page they wanted).
 */
export function SignInPage() {
  const location = useLocation();
  const { notice } = readAuthLocationState(location.state);
  const { endedBecause, farewell } = useSession();
  const form = useFormFields({ username: "", password: "" });
  const submission = useFormSubmit({ send: signIn, setFieldErrors: form.setErrors });

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const request = form.validate<TLoginRequest>(ZLoginRequest, form.values);
    if (request) submission.submit(request);
  };

  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back."
      footer={
        <Text size="sm">
          New here?{" "}
          <Anchor component={Link} to="/signup" state={location.state}>
            Create an account
          </Anchor>
        </Text>
      }
    >
      {(notice ?? farewell) && (
        <Alert color="green" variant="light" role="status">
          {notice ?? farewell}
        </Alert>
      )}
      {endedBecause && !submission.error && (
        <Alert color="yellow" variant="light" title={describeError(endedBecause).title}>
          {describeError(endedBecause).hint}
        </Alert>
      )}
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <TextInput
            label="User id or email"
            autoComplete="username"
            required
            {...form.textProps("username")}
          />
          <Stack gap={4}>
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.textProps("password")}
            />
            <Group justify="flex-end">
              <Anchor component={Link} to="/forgot-password" size="sm">
                Forgot your password?
              </Anchor>
            </Group>
          </Stack>
          {submission.formError && <ErrorAlert error={submission.formError} />}
          <Button type="submit" fullWidth loading={submission.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
