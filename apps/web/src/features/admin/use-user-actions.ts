import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toApiError } from "../../lib/api/api-error";
import {
  deleteUser,
  demoteUser,
  forcePasswordReset,
  promoteUser,
  revokeSessions,
} from "./admin-api";

/** What can be done to an account from the Users tab. */
export type UserAction =
  | "promote"
  | "demote"
  | "force-password-reset"
  | "revoke-sessions"
  | "delete";

const SEND: Record<UserAction, (id: string) => Promise<unknown>> = {
  promote: promoteUser,
  demote: demoteUser,
  "force-password-reset": forcePasswordReset,
  "revoke-sessions": revokeSessions,
  delete: deleteUser,
};

/** What the page says once an action has succeeded. */
export const ACTION_DONE: Record<UserAction, (name: string) => string> = {
  promote: (name) => `${name} is now an administrator.`,
  demote: (name) => `${name} is now a plain user.`,
  "force-password-reset": (name) =>
    `${name} was signed out and must choose a new password before signing in again.`,
  "revoke-sessions": (name) => `${name} was signed out on every device.`,
  delete: (name) => `${name}'s account was deleted.`,
};

/** The account an action is about. */
export interface ActionTarget {
  id: string;
  username: string;
}

/**
 * Runs a lifecycle action on a user, then refreshes every admin panel (roles, counts and the audit
 * log change). The failure, with its code, stays in `error` until the next action; a success is
 * described in `notice`.
 */
export function useUserAction() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ action, user }: { action: UserAction; user: ActionTarget }) =>
      SEND[action](user.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["admin"] }),
  });
  return {
    /** Resolves to true when the server agreed (a failure is in `error`, not thrown). */
    run: (action: UserAction, user: ActionTarget) =>
      mutation.mutateAsync({ action, user }).then(
        () => true,
        () => false,
      ),
    pending: mutation.isPending ? mutation.variables : undefined,
    /** What the last action did, once it succeeded. */
    notice:
      mutation.isSuccess && mutation.variables
        ? ACTION_DONE[mutation.variables.action](mutation.variables.user.username)
        : null,
    error: mutation.error ? toApiError(mutation.error) : null,
    /** Forgets the last action's outcome (hides its notice or error). */
    clear: mutation.reset,
  };
}
