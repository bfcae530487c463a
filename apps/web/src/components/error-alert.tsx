import { Alert, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import type { ApiError } from "../lib/api/api-error";
import { describeError } from "../lib/api/describe-error";

/** Props of {@link ErrorAlert}. */
export interface ErrorAlertProps {
  error: ApiError;
  /** Extra content under the message, e.g. a Retry button. */
  children?: ReactNode;
}

/**
 * Shows an API error the way people can act on it: what happened and what to do (chosen by the
 * error's code), then the server's own message, which names the model or limit involved.
 */
export function ErrorAlert({ error, children }: ErrorAlertProps) {
  const { title, hint } = describeError(error);
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Stack gap={6}>
        <Text size="sm">{hint}</Text>
        <Text size="sm" c="dimmed">
          Details: {error.message}{" "}
          <Text span ff="monospace" size="xs">
            ({error.code})
          </Text>
        </Text>
        {children}
      </Stack>
    </Alert>
  );
}
