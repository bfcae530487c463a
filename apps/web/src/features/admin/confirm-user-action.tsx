import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { ErrorAlert } from "../../components/error-alert";
import type { ApiError } from "../../lib/api/api-error";
import type { ActionTarget, UserAction } from "./use-user-actions";

/** The account an action is about, with the names the confirmation shows. */
export type ConfirmTarget = ActionTarget & { displayName: string; email: string };

const WORDING: Partial<
  Record<UserAction, { title: string; explain: string; button: (username: string) => string }>
> = {
  delete: {
    title: "Delete account?",
    explain:
      "Their sessions, history and feedback are deleted with the account. This cannot be undone.",
    button: (username) => `Delete ${username}`,
  },
  "force-password-reset": {
    title: "Force a password reset?",
    explain:
      "They are signed out everywhere and cannot sign in until they set a new password with “Forgot password”.",
    button: () => "Force reset",
  },
  "revoke-sessions": {
    title: "Sign out everywhere?",
    explain: "Every device they are signed in on is signed out; they can sign in again.",
    button: () => "Sign out everywhere",
  },
};

/** Props of {@link ConfirmUserActionModal}. */
export interface ConfirmUserActionModalProps {
  request: { action: UserAction; user: ConfirmTarget } | null;
  onClose: () => void;
  onConfirm: (request: { action: UserAction; user: ConfirmTarget }) => void;
  isPending: boolean;
  /** Why the server refused (e.g. `admin.last_admin`), shown in the dialog. */
  error: ApiError | null;
}

/** Asks before an action that changes someone's account, naming the person it is about. */
export function ConfirmUserActionModal(props: ConfirmUserActionModalProps) {
  const { request, onClose, onConfirm, isPending, error } = props;
  const wording = request ? WORDING[request.action] : undefined;
  return (
    <Modal opened={request !== null} onClose={onClose} title={wording?.title} centered>
      {request && wording && (
        <Stack gap="md">
          <Text size="sm">
            <b>{request.user.displayName}</b> (@{request.user.username}, {request.user.email}).{" "}
            {wording.explain}
          </Text>
          {error && <ErrorAlert error={error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              color={request.action === "delete" ? "red" : undefined}
              loading={isPending}
              onClick={() => onConfirm(request)}
            >
              {wording.button(request.user.username)}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
