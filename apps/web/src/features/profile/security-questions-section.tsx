import {
  type TMeResponse,
  type TSecurityQuestion,
  type TUpdateSecurityQuestionsRequest,
  ZUpdateSecurityQuestionsRequest,
} from "@codegenie/shared";
import { Badge, Button, Group, PasswordInput, Stack, Text } from "@mantine/core";
import type { FormEvent } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { useFormFields } from "../../lib/forms/use-form-fields";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import {
  EMPTY_SECURITY_QUESTIONS,
  SecurityQuestionsFields,
} from "../auth/security-questions-fields";
import { updateSecurityQuestions } from "./profile-api";
import { ProfileSection } from "./profile-section";
import { useRememberMe } from "./use-me";

const EMPTY = {
  currentPassword: "",
  securityQuestions: EMPTY_SECURITY_QUESTIONS as TSecurityQuestion[],
};

/** Two questions for resetting a forgotten password without email; new ones replace the old. */
export function SecurityQuestionsSection({ me }: { me: TMeResponse }) {
  const rememberMe = useRememberMe();
  const form = useFormFields(EMPTY);
  const submission = useFormSubmit({
    send: updateSecurityQuestions,
    setFieldErrors: form.setErrors,
    fieldByCode: { "profile.password_incorrect": "currentPassword" },
    onSuccess: (updated) => {
      rememberMe(updated);
      form.reset();
    },
  });

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const request = form.validate<TUpdateSecurityQuestionsRequest>(
      ZUpdateSecurityQuestionsRequest,
      form.values,
    );
    if (request) submission.submit(request);
  };

  return (
    <ProfileSection
      title="Security questions"
      description="Answering them lets you reset a forgotten password without email."
    >
      <Group gap="xs">
        <Text size="sm">Status:</Text>
        {me.hasSecurityQuestions ? (
          <Badge color="green" variant="light">
            Set
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            Not set
          </Badge>
        )}
      </Group>
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <SecurityQuestionsFields
            questions={form.values.securityQuestions}
            onChange={(questions) => form.setField("securityQuestions", questions)}
            errors={form.errors}
          />
          <PasswordInput
            label="Current password"
            description="To confirm it is you."
            autoComplete="current-password"
            maw={360}
            {...form.textProps("currentPassword")}
          />
          {submission.formError && <ErrorAlert error={submission.formError} />}
          <Group gap="sm">
            <Button type="submit" loading={submission.isPending}>
              {me.hasSecurityQuestions ? "Replace security questions" : "Save security questions"}
            </Button>
            {submission.isSuccess && (
              <Text size="sm" c="green" role="status">
                Saved.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </ProfileSection>
  );
}
