import { type TProjectContext, ZConversationDetail, ZProjectContext } from "@codegenie/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, jsonRequest } from "../../lib/api/fetch-json";

/** `GET /api/conversations/:id` (its turns oldest first); off while `conversationId` is null. */
export function useConversationDetail(conversationId: string | null) {
  return useQuery({
    queryKey: ["conversations", conversationId],
    queryFn: ({ signal }) =>
      fetchJson(
        `/api/conversations/${encodeURIComponent(conversationId ?? "")}`,
        ZConversationDetail,
        { signal },
      ),
    enabled: conversationId !== null,
    // A missing conversation stays missing; say so at once instead of asking again.
    retry: false,
  });
}

const PROJECT_CONTEXT_KEY = ["me", "project-context"];

/** `GET /api/me/project-context`: the user's custom instructions for every prompt. */
export function useProjectContext() {
  return useQuery({
    queryKey: PROJECT_CONTEXT_KEY,
    queryFn: ({ signal }) => fetchJson("/api/me/project-context", ZProjectContext, { signal }),
  });
}

/** `PUT /api/me/project-context`; the cache holds the saved text afterwards. */
export function useSaveProjectContext() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: TProjectContext) =>
      fetchJson("/api/me/project-context", ZProjectContext, jsonRequest("PUT", request)),
    onSuccess: (saved) => queryClient.setQueryData(PROJECT_CONTEXT_KEY, saved),
  });
}
