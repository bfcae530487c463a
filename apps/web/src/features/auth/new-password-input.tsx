import { List, PasswordInput, Stack, Text } from "@mantine/core";
import type { ChangeEvent } from "react";
import type { ApiError } from "../../lib/api/api-error";
import { detailStrings } from "../../lib/forms/field-errors";

/** Props of {@link NewPasswordInput}. */
export interface NewPasswordInputProps {
  label?: string;
  value: string;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
  /** The message under the field (a weak-password answer puts the server's message here). */
  error: string | undefined;
  /** The last answer of the server: a 422 `auth.weak_password` carries tips, listed under it. */
  submitError: ApiError | null;
}

/**
 * A password being chosen. The server judges its strength (length, not the user id, hard to
 * guess); when it says no, its message and suggestions appear under the field until it changes.
 */
export function NewPasswordInput({
  label = "Password",
  value,
  onChange,
  error,
  submitError,
}: NewPasswordInputProps) {
  const isWeak = submitError?.code === "auth.weak_password" && error !== undefined;
  const suggestions = isWeak ? detailStrings(submitError, "suggestions") : [];
  return (
    <Stack gap={6}>
      <PasswordInput
        label={label}
        description="At least 10 characters, without your user id; a few unrelated words work well."
        autoComplete="new-password"
        required
        value={value}
        onChange={onChange}
        error={error}
      />
      {suggestions.length > 0 && (
        <Stack gap={2} aria-label="Password suggestions">
          <Text size="xs" c="dimmed">
            Suggestions:
          </Text>
          <List size="xs" c="dimmed" spacing={2}>
            {suggestions.map((suggestion) => (
              <List.Item key={suggestion}>{suggestion}</List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}
