import type { TSessionResponse, TUser } from "@codegenie/shared";
import type { ApiError } from "./api-error";

/** `restoring` until the first refresh answers, then signed in or out. */
export type SessionStatus = "restoring" | "signed-in" | "signed-out";

/** What the UI may know about the session; the access token itself stays in this module. */
export interface SessionSnapshot {
  status: SessionStatus;
  /** The signed-in user; null unless `signed-in`. */
  user: TUser | null;
  /** Why the session ended by itself (revoked elsewhere, renewal refused); null otherwise. */
  endedBecause: ApiError | null;
  /** What the sign-in page says after a sign-out people chose, e.g. deleting their account. */
  farewell: string | null;
}

let snapshot: SessionSnapshot = {
  status: "restoring",
  user: null,
  endedBecause: null,
  farewell: null,
};
// In memory only, never in localStorage: a script injected into the page could read storage, and
// the HttpOnly refresh cookie brings the session back after a reload anyway.
let accessToken: string | null = null;
const listeners = new Set<() => void>();

function publish(next: SessionSnapshot): void {
  snapshot = next;
  for (const listener of listeners) listener();
}

/**
 * The one place that holds the signed-in session. React reads it with useSyncExternalStore
 * (`useSession`); the fetch wrapper reads the access token.
 */
export const sessionStore = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  getSnapshot(): SessionSnapshot {
    return snapshot;
  },

  /** The current access token, or null when signed out. */
  getAccessToken(): string | null {
    return accessToken;
  },

  /** Starts (or renews) the session from a login or refresh answer. */
  start(session: TSessionResponse): void {
    accessToken = session.accessToken;
    publish({ status: "signed-in", user: session.user, endedBecause: null, farewell: null });
  },

  /** Shows the user's new name or picture everywhere once the profile changes. */
  updateUser(user: TUser): void {
    if (snapshot.status !== "signed-in") return;
    publish({ ...snapshot, user });
  },

  /**
   * Forgets the session. The sign-in page then shows `reason` (the error that ended it by
   * itself) or `farewell` (a note on a sign-out the person chose).
   */
  end({
    reason = null,
    farewell = null,
  }: {
    reason?: ApiError | null;
    farewell?: string | null;
  } = {}) {
    accessToken = null;
    publish({ status: "signed-out", user: null, endedBecause: reason, farewell });
  },
};
