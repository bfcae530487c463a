/** What the auth pages pass each other in the router's location state. */
export interface AuthLocationState {
  /** Path the person wanted before being sent to sign in; they return there afterwards. */
  from?: string;
  /** A message for the sign-in page, e.g. after a password reset. */
  notice?: string;
}

/**
 * Reads location state defensively: it survives reloads in history, so it may come from an older
 * version of the app. `from` must be a path of this app, never another site.
 */
export function readAuthLocationState(state: unknown): AuthLocationState {
  if (typeof state !== "object" || state === null) return {};
  const { from, notice } = state as Record<string, unknown>;
  const isLocalPath = typeof from === "string" && from.startsWith("/") && !from.startsWith("//");
  return {
    ...(isLocalPath ? { from } : {}),
    ...(typeof notice === "string" ? { notice } : {}),
  };
}
