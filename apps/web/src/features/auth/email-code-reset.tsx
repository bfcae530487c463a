import {
  type TResetPasswordRequest,
  ZForgotPasswordRequest,
  ZResetPasswordByCodeRequest,
} from "@codegenie/shared";
import { Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import type { FormEvent } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { useFormFields } from "../../lib/forms/use-form-fields";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { requestResetCode, resetPassword } from "./auth-api";
import { NewPasswordInput } from "./new-password-input";

/** Step 1: the email gets a 6-digit code. Step 2: the code and a new password. */
export function EmailCodeReset({ onReset }: { onReset: () => void }) {
  const form = useFormFields({ email: "", code: "", newPassword: "" });
  const codeRequest = useFormSubmit({ send: requestResetCode, setFieldErrors: form.setErrors });
  const reset = useFormSubmit({
    send: resetPassword,
    setFieldErrors: form.setErrors,
    fieldByCode: { "auth.weak_password": "newPassword" },
    onSuccess: onReset,
  });

  const askForCode = (event: FormEvent) => {
    event.preventDefault();
    const request = form.validate(ZForgotPasswordRequest, { email: form.values.email });
    if (request) codeRequest.submit(request.email);
  };
  const sendReset = (event: FormEvent) => {
    event.preventDefault();
    const request = form.validate<TResetPasswordRequest>(ZResetPasswordByCodeRequest, form.values);
    if (request) reset.submit(request);
  };

  if (!codeRequest.isSuccess) {
    return (
      <form onSubmit={askForCode} noValidate>
        <Stack gap="md">
          <TextInput
            label="Email"
            description="The email address of your account."
            type="email"
            autoComplete="email"
            required
            {...form.textProps("email")}
          />
          {codeRequest.formError && <ErrorAlert error={codeRequest.formError} />}
          <Button type="submit" fullWidth loading={codeRequest.isPending}>
            Email me a code
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <form onSubmit={sendReset} noValidate>
      <Stack gap="md">
        <Text size="sm" role="status">
          If an account uses <b>{form.values.email}</b>, a 6-digit code is on its way. It works for
          a short while only.
        </Text>
        <TextInput
          label="Code from the email"
          placeholder="123456"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          {...form.textProps("code")}
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
        <Text size="sm" c="dimmed">
          No email?{" "}
          <Anchor component="button" type="button" size="sm" onClick={codeRequest.reset}>
            Send another code
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
