import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import {
  deleteConversation,
  deleteHistoryItem,
  fetchConversationsPage,
  fetchHistoryItem,
  fetchHistoryPage,
  type HistoryFilters,
  renameConversation,
} from "./history-api";

/** Keys of the history caches; everything under "history" is refreshed after a change. */
export const historyKeys = {
  all: ["history"] as const,
  lists: ["history", "list"] as const,
  list: (filters: HistoryFilters) => ["history", "list", filters] as const,
  item: (id: string) => ["history", "item", id] as const,
  conversations: ["history", "conversations"] as const,
};

/** The user's rows matching the filters, page by page (cursor pagination), newest first. */
export function useHistoryList(filters: HistoryFilters) {
  return useInfiniteQuery({
    queryKey: historyKeys.list(filters),
    queryFn: ({ pageParam, signal }) => fetchHistoryPage(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    // While the filters change, the previous rows stay instead of flashing placeholders.
    placeholderData: keepPreviousData,
    // History changes whenever the user asks something on another page.
    staleTime: 0,
  });
}

/** One row, fresh from the server (its feedback may have changed since the list was loaded). */
export function useHistoryItem(id: string | null) {
  return useQuery({
    queryKey: historyKeys.item(id ?? ""),
    queryFn: ({ signal }) => fetchHistoryItem(id ?? "", signal),
    enabled: id !== null,
    staleTime: 0,
  });
}

/** Deletes a row, then refreshes the lists (not the row itself: it is gone). */
export function useDeleteHistoryItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteHistoryItem,
    onSuccess: async (_result, id) => {
      queryClient.removeQueries({ queryKey: historyKeys.item(id) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: historyKeys.lists }),
        queryClient.invalidateQueries({ queryKey: historyKeys.conversations }),
      ]);
    },
  });
}

/** The user's conversations, page by page, most recently active first. */
export function useConversations() {
  return useInfiniteQuery({
    queryKey: historyKeys.conversations,
    queryFn: ({ pageParam, signal }) => fetchConversationsPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    staleTime: 0,
  });
}

/** Renames a conversation, then refreshes the list. */
export function useRenameConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) => renameConversation(id, title),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: historyKeys.conversations }),
  });
}

/** Deletes a conversation and its turns, then refreshes conversations and history. */
export function useDeleteConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteConversation,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: historyKeys.lists }),
        queryClient.invalidateQueries({ queryKey: historyKeys.conversations }),
      ]),
  });
}
