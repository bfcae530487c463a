import type { TMeResponse } from "@codegenie/shared";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchMe, fetchSessions } from "./profile-api";

const ME_KEY = ["me"] as const;
const SESSIONS_KEY = ["me", "sessions"] as const;

/** The signed-in user with what only they see (`GET /api/me`). */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: ({ signal }) => fetchMe(signal) });
}

/** Puts an answer of a profile change in the cache, so every section shows it at once. */
export function useRememberMe(): (me: TMeResponse) => void {
  const queryClient = useQueryClient();
  return (me) => queryClient.setQueryData(ME_KEY, me);
}

/** The user's signed-in sessions; refreshed every time the list is looked at. */
export function useSessions() {
  return useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: ({ signal }) => fetchSessions(signal),
    staleTime: 0,
  });
}
