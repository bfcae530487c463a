import { QueryClient } from "@tanstack/react-query";
import { sessionStore } from "../lib/api/session-store";

/**
 * The one TanStack Query cache. Server lists such as the models change rarely, so data stays fresh
 * for 30 s and a failed request is retried once (a second failure is shown to the user).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
  },
});

// The cache holds one person's data: once signed out, nobody else at this browser may see it.
sessionStore.subscribe(() => {
  if (sessionStore.getSnapshot().status === "signed-out") queryClient.clear();
});
