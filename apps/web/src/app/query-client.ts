import { QueryClient } from "@tanstack/react-query";

/**
 * The one TanStack Query cache. Server lists such as the models change rarely, so data stays fresh
 * for 30 s and a failed request is retried once (a second failure is shown to the user).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
  },
});
