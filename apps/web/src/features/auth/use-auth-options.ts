import { useQuery } from "@tanstack/react-query";
import { fetchAuthOptions } from "./auth-api";

/** What sign-up and password recovery offer on this server. */
export function useAuthOptions() {
  return useQuery({
    queryKey: ["auth-options"],
    queryFn: ({ signal }) => fetchAuthOptions(signal),
    // Whether this is the first account changes as soon as someone signs up.
    staleTime: 0,
  });
}
