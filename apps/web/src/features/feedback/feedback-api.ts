import { type TFeedback, type TFeedbackRequest, ZFeedback } from "@codegenie/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson, jsonRequest } from "../../lib/api/fetch-json";

/** `POST /api/feedback`: rates one of the user's answers; sending again edits the feedback. */
export function saveFeedback(request: TFeedbackRequest): Promise<TFeedback> {
  return fetchJson("/api/feedback", ZFeedback, jsonRequest("POST", request));
}

/**
 * Saves feedback, then marks cached history and conversations stale, since they carry each
 * answer's feedback.
 */
export function useSaveFeedback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveFeedback,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["history"] });
      void queryClient.invalidateQueries({ queryKey: ["conversations"] });
    },
  });
}
