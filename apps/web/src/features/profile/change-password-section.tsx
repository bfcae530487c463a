import { type TChangePasswordRequest, ZChangePasswordRequest } from "@codegenie/shared";
import { Button, Group, PasswordInput, SimpleGrid, Text } from "@mantine/core";
import type { FormEvent } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { useFormFields } from "../../lib/forms/use-form-fields";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { NewPasswordInput } from "../auth/new-password-input";
import { changePassword } from "./profile-api";
import { ProfileSection } from "./profile-section";

const EMPTY = { currentPassword: "", newPassword: "" };

/** A new password; every other device is signed out, this one stays signed in. */
export function ChangePasswordSection() {
  const form = useFormFields(EMPTY);
  const submission = useFormSubmit({
    send: changePassword,
    setFieldErrors: form.setErrors,
    fieldByCode: {
      "profile.password_incorrect": "currentPassword",
      "auth.weak_password": "newPassword",
    },
    onSuccess: form.reset,
  });

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const request = form.validate<TChangePasswordRequest>(ZChangePasswordRequest, form.values);
    if (request) submission.submit(request);
  };

  return (
    <ProfileSection title="Password" description="Changing it signs you out on every other device.">
      <form onSubmit={handleSubmit} noValidate>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <PasswordInput
            label="Current password"
            description="The one you sign in with now."
            autoComplete="current-password"
            required
            {...form.textProps("currentPassword")}
          />
          <NewPasswordInput
            label="New password"
            {...form.textProps("newPassword")}
            submitError={submission.error}
          />
        </SimpleGrid>
        {submission.formError && <ErrorAlert error={submission.formError} />}
        <Group mt="md" gap="sm">
          <Button type="submit" loading={submission.isPending}>
            Change password
          </Button>
          {submission.isSuccess && (
            <Text size="sm" c="green" role="status">
              Password changed; other devices have been signed out.
            </Text>
          )}
        </Group>
      </form>
    </ProfileSection>
  );
}
