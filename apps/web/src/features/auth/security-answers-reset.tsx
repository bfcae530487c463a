import {
  type TResetPasswordRequest,
  ZResetPasswordByAnswersRequest,
  ZSecurityQuestionsLookupRequest,
} from "@codegenie/shared";
import { Button, Stack, TextInput } from "@mantine/core";
import type { FormEvent } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { useFormFields } from "../../lib/forms/use-form-fields";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { lookUpSecurityQuestions, resetPassword } from "./auth-api";
import { NewPasswordInput } from "./new-password-input";

/** Step 1: the email shows its two questions. Step 2: both answers and a new password. */
export function SecurityAnswersReset({ onReset }: { onReset: () => void }) {
  const form = useFormFields({ email: "", firstAnswer: "", secondAnswer: "", newPassword: "" });
  const lookup = useFormSubmit({ send: lookUpSecurityQuestions, setFieldErrors: form.setErrors });
  const reset = useFormSubmit({
    send: resetPassword,
    setFieldErrors: form.setErrors,
    fieldByCode: { "auth.weak_password": "newPassword" },
    onSuccess: onReset,
  });

  const showQuestions = (event: FormEvent) => {
    event.preventDefault();
    const request = form.validate(ZSecurityQuestionsLookupRequest, { email: form.values.email });
    if (request) lookup.submit(request.email);
  };
  const sendReset = (event: FormEvent) => {
    event.preventDefault();
    const { email, firstAnswer, secondAnswer, newPassword } = form.values;
    const request = form.validate<TResetPasswordRequest>(ZResetPasswordByAnswersRequest, {
      email,
      answers: [firstAnswer, secondAnswer],
      newPassword,
    });
    if (request) reset.submit(request);
  };

  const questions = lookup.data;
  if (!questions) {
    return (
      <form onSubmit={showQuestions} noValidate>
        <Stack gap="md">
          <TextInput
            label="Email"
            description="The email address of your account."
            type="email"
            autoComplete="email"
            required
            {...form.textProps("email")}
          />
          {lookup.formError && <ErrorAlert error={lookup.formError} />}
          <Button type="submit" fullWidth loading={lookup.isPending}>
            Show my questions
          </Button>
        </Stack>
      </form>
    );
  }

  const answersError = form.errors.answers;
  return (
    <form onSubmit={sendReset} noValidate>
      <Stack gap="md">
        <TextInput
          label={questions[0] ?? "Question 1"}
          autoComplete="off"
          required
          {...form.textProps("firstAnswer")}
          error={form.errors["answers.0"] ?? answersError}
        />
        <TextInput
          label={questions[1] ?? "Question 2"}
          autoComplete="off"
          required
          {...form.textProps("secondAnswer")}
          error={form.errors["answers.1"]}
        />
        <NewPasswordInput
          label="New password"
          {...form.textProps("newPassword")}
          submitError={reset.error}
        />
        {reset.formError && <ErrorAlert error={reset.formError} />}
        <Button type="submit" fullWidth loading={reset.isPending}>
          Set new password
        </Button>
      </Stack>
    </form>
  );
}
