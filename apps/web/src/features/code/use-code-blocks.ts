import type { TCodeBlocksResponse } from "@codegenie/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchCodeBlocks, runCode } from "./code-api";

/** Keys of the code caches. */
export const codeKeys = {
  blocks: (historyId: string) => ["code", "blocks", historyId] as const,
};

/** How often a pending answer's checks are asked for again, in milliseconds. */
export const CHECK_POLL_INTERVAL_MS = 1000;

/**
 * How many answers to wait for while the checks are pending: about a minute, enough for a few
 * blocks that each run into the sandbox's time limit. Then the page stops asking.
 */
export const MAX_CHECK_POLLS = 60;

/** Whether to ask again: while the server is still checking and the page has not given up. */
export function shouldPollChecks(
  data: TCodeBlocksResponse | undefined,
  answersReceived: number,
): boolean {
  return data?.state === "pending" && answersReceived < MAX_CHECK_POLLS;
}

/**
 * The code blocks of a finished answer with their syntax check and automatic run, polled while
 * the server is still checking them. `historyId` null: nothing is fetched.
 */
export function useCodeBlocks(historyId: string | null) {
  const queryClient = useQueryClient();
  const key = codeKeys.blocks(historyId ?? "");
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchCodeBlocks(historyId ?? "", signal),
    enabled: historyId !== null,
    refetchInterval: (current) =>
      shouldPollChecks(current.state.data, current.state.dataUpdateCount)
        ? CHECK_POLL_INTERVAL_MS
        : false,
    // A missing or foreign row answers 404 at once; asking again would not change that.
    retry: false,
  });
  const answersReceived = queryClient.getQueryState(key)?.dataUpdateCount ?? 0;
  return {
    ...query,
    /** True while the checks are pending and the page still waits for them. */
    isChecking: query.isLoading || shouldPollChecks(query.data, answersReceived),
  };
}

/** Runs a snippet in the sandbox (`POST /api/code/run`); each code block has its own. */
export function useRunCode() {
  return useMutation({ mutationFn: runCode });
}
