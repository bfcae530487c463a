import { type TMeResponse, type TUpdateMeRequest, ZUpdateMeRequest } from "@codegenie/shared";
import { Button, Group, PasswordInput, SimpleGrid, Text, TextInput } from "@mantine/core";
import type { FormEvent } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { useFormFields } from "../../lib/forms/use-form-fields";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { updateMe } from "./profile-api";
import { ProfileSection } from "./profile-section";
import { useRememberMe } from "./use-me";

/**
 * Display name and email; only what changed is sent. A new email needs the current password:
 * password resets go to that address.
 */
export function ProfileDetailsSection({ me }: { me: TMeResponse }) {
  const rememberMe = useRememberMe();
  const form = useFormFields({ displayName: me.displayName, email: me.email, currentPassword: "" });
  const submission = useFormSubmit({
    send: updateMe,
    setFieldErrors: form.setErrors,
    fieldByCode: { "auth.email_taken": "email", "profile.password_incorrect": "currentPassword" },
    onSuccess: (updated: TMeResponse) => {
      form.setField("currentPassword", "");
      rememberMe(updated);
    },
  });
  const isEmailChanged = form.values.email.trim().toLowerCase() !== me.email;
  const changes: TUpdateMeRequest = {
    ...(form.values.displayName.trim() !== me.displayName
      ? { displayName: form.values.displayName }
      : {}),
    ...(isEmailChanged
      ? { email: form.values.email, currentPassword: form.values.currentPassword }
      : {}),
  };
  const hasChanges = Object.keys(changes).length > 0;

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const request = form.validate<TUpdateMeRequest>(ZUpdateMeRequest, changes);
    if (request) submission.submit(request);
  };

  return (
    <ProfileSection title="Your details" description={`Signed in as ${me.username} (${me.role}).`}>
      <form onSubmit={handleSubmit} noValidate>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label="Display name" autoComplete="name" {...form.textProps("displayName")} />
          <TextInput label="Email" type="email" autoComplete="email" {...form.textProps("email")} />
          {isEmailChanged && (
            <PasswordInput
              label="Current password"
              description="Needed to change your email"
              autoComplete="current-password"
              required
              {...form.textProps("currentPassword")}
            />
          )}
        </SimpleGrid>
        {submission.formError && <ErrorAlert error={submission.formError} />}
        <Group mt="md" gap="sm">
          <Button type="submit" disabled={!hasChanges} loading={submission.isPending}>
            Save details
          </Button>
          {submission.isSuccess && !hasChanges && (
            <Text size="sm" c="green" role="status">
              Saved.
            </Text>
          )}
        </Group>
      </form>
    </ProfileSection>
  );
}
