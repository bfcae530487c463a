import { ERROR_CODES, type ErrorCode, ZPullEvent } from "@codegenie/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createParser } from "eventsource-parser";
import { ApiError, readErrorResponse } from "../../lib/api/api-error";
import { authorizedFetch } from "../../lib/api/auth-session";

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

function isErrorCode(code: string): code is ErrorCode {
  return KNOWN_CODES.has(code);
}

/**
 * Starts a model's download (`POST /api/admin/models/:id/pull`, admins only) and follows its
 * event stream until `done` or `error`. The model list shows the progress: it is refreshed as
 * soon as the download starts (and then every 2 s while it runs, see useModels) and at the end.
 */
export function usePullModel() {
  const queryClient = useQueryClient();
  const refreshModels = () => queryClient.invalidateQueries({ queryKey: ["models"] });
  return useMutation({
    mutationFn: (modelId: string) => pullModel(modelId, refreshModels),
    onSettled: refreshModels,
  });
}

async function pullModel(modelId: string, onStarted: () => void): Promise<void> {
  const response = await authorizedFetch(`/api/admin/models/${encodeURIComponent(modelId)}/pull`, {
    method: "POST",
    headers: { Accept: "text/event-stream" },
  });
  if (!response.ok) throw await readErrorResponse(response);
  if (!response.body) {
    throw new ApiError("client.unexpected_response", "The download answered without events.");
  }

  let outcome: "done" | ApiError | undefined;
  let hasStarted = false;
  const parser = createParser({
    onEvent(message) {
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = ZPullEvent.safeParse(json);
      // An event this page does not know (a newer server) is skipped.
      if (!parsed.success) return;
      const event = parsed.data;
      if (!hasStarted) {
        hasStarted = true;
        onStarted();
      }
      if (event.type === "done") outcome = "done";
      if (event.type === "error") {
        const code = isErrorCode(event.code) ? event.code : "model.download_failed";
        outcome = new ApiError(code, event.message);
      }
    },
  });
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  while (outcome === undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  await reader.cancel().catch(() => {});
  if (outcome instanceof ApiError) throw outcome;
  if (outcome === undefined) {
    throw new ApiError(
      "client.stream_interrupted",
      "The connection closed before the download finished; it may still be running.",
    );
  }
}
