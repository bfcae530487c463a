import { useSyncExternalStore } from "react";
import { type SessionSnapshot, sessionStore } from "./session-store";

/** The signed-in session as React state: re-renders when the user signs in or out. */
export function useSession(): SessionSnapshot {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.getSnapshot);
}
