import { type TRegisterRequest, type TSecurityQuestion, ZRegisterRequest } from "@codegenie/shared";
import { Alert, Anchor, Button, Checkbox, Stack, Text, TextInput } from "@mantine/core";
import type { FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { useFormFields } from "../../lib/forms/use-form-fields";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { register, signIn } from "./auth-api";
import { AuthCard } from "./auth-card";
import type { AuthLocationState } from "./auth-location-state";
import { NewPasswordInput } from "./new-password-input";
import { EMPTY_SECURITY_QUESTIONS, SecurityQuestionsFields } from "./security-questions-fields";
import { useAuthOptions } from "./use-auth-options";

const EMPTY_SIGN_UP = {
  username: "",
  email: "",
  displayName: "",
  password: "",
  hasSecurityQuestions: false,
  securityQuestions: EMPTY_SECURITY_QUESTIONS as TSecurityQuestion[],
};

/** Create an account, then land signed in (the router then shows Generate). */
export function SignUpPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const options = useAuthOptions();
  const form = useFormFields(EMPTY_SIGN_UP);

  const signUp = async (request: TRegisterRequest) => {
    await register(request);
    try {
      await signIn({ username: request.username, password: request.password });
    } catch {
      // The account exists now, so this form must not be sent again: continue on sign-in.
      const state: AuthLocationState = { notice: "Your account is ready. Sign in to continue." };
      navigate("/login", { state });
    }
  };
  const submission = useFormSubmit({
    send: signUp,
    setFieldErrors: form.setErrors,
    fieldByCode: {
      "auth.username_taken": "username",
      "auth.email_taken": "email",
      "auth.weak_password": "password",
    },
  });

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const { hasSecurityQuestions, securityQuestions, ...account } = form.values;
    const request = form.validate<TRegisterRequest>(ZRegisterRequest, {
      ...account,
      ...(hasSecurityQuestions ? { securityQuestions } : {}),
    });
    if (request) submission.submit(request);
  };

  return (
    <AuthCard
      title="Create your account"
      footer={
        <Text size="sm">
          Already have an account?{" "}
          <Anchor component={Link} to="/login" state={location.state}>
            Sign in
          </Anchor>
        </Text>
      }
    >
      {options.data?.isFirstAccount && (
        <Alert color="indigo" variant="light" title="You are the first one here">
          This account becomes the administrator of this CodeGenie server: it can see usage and
          manage the other accounts.
        </Alert>
      )}
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <TextInput
            label="User id"
            description="3–32 letters, digits, '_', '.' or '-'; you can sign in with it."
            autoComplete="username"
            required
            {...form.textProps("username")}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            {...form.textProps("email")}
          />
          <TextInput
            label="Display name"
            description="The name people see, e.g. Ada Lovelace."
            autoComplete="name"
            required
            {...form.textProps("displayName")}
          />
          <NewPasswordInput {...form.textProps("password")} submitError={submission.error} />
          <Checkbox
            label="Add two security questions"
            description={
              options.data?.isEmailRecoveryAvailable === false
                ? "This server cannot send email: answering them is how you reset a forgotten password."
                : "Optional: another way to reset a forgotten password, besides an emailed code."
            }
            checked={form.values.hasSecurityQuestions}
            onChange={(event) => form.setField("hasSecurityQuestions", event.currentTarget.checked)}
          />
          {form.values.hasSecurityQuestions && (
            <SecurityQuestionsFields
              questions={form.values.securityQuestions}
              onChange={(questions) => form.setField("securityQuestions", questions)}
              errors={form.errors}
            />
          )}
          {submission.formError && <ErrorAlert error={submission.formError} />}
          <Button type="submit" fullWidth loading={submission.isPending}>
            Create account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
