import { useCallback, useEffect, useReducer, useRef } from "react";
import { toApiError } from "../api/api-error";
import {
  type GenerationStreamState,
  INITIAL_GENERATION_STREAM_STATE,
  reduceGenerationStream,
} from "./generation-stream-state";
import { postEventStream } from "./post-event-stream";

/** What {@link useGenerationStream} returns; `TRequest` is the endpoint's request contract. */
export interface GenerationStream<TRequest> extends GenerationStreamState {
  /** Sends the request and streams the answer; replaces any generation still running. */
  start: (request: TRequest) => void;
  /** Closes the connection (the server then cancels the generation) and keeps the partial text. */
  stop: () => void;
  /** Forgets the generation shown (stopping it if it runs), back to `idle`. */
  reset: () => void;
}

/**
 * Streams one generation at a time from a server-sent-events endpoint such as `/api/generate`.
 * Stop aborts the fetch; events that were already on their way are then ignored, so the text
 * shown is exactly what had arrived when Stop was pressed. Unmounting stops too.
 */
export function useGenerationStream<TRequest>(url: string): GenerationStream<TRequest> {
  const [state, dispatch] = useReducer(reduceGenerationStream, INITIAL_GENERATION_STREAM_STATE);
  const controllerRef = useRef<AbortController | null>(null);
  const startedAtRef = useRef(0);

  const stop = useCallback(() => {
    const controller = controllerRef.current;
    if (!controller) return;
    controllerRef.current = null;
    controller.abort();
    dispatch({ type: "stopped", elapsedMs: performance.now() - startedAtRef.current });
  }, []);

  const reset = useCallback(() => {
    controllerRef.current?.abort();
    controllerRef.current = null;
    dispatch({ type: "reset" });
  }, []);

  const start = useCallback(
    (request: TRequest) => {
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      startedAtRef.current = performance.now();
      dispatch({ type: "sent" });

      // Only the current, not-stopped request may change the state.
      const isCurrent = () => controllerRef.current === controller && !controller.signal.aborted;
      postEventStream(url, request, controller.signal, (event) => {
        if (isCurrent()) dispatch({ type: "received", event });
      })
        .catch((error: unknown) => {
          if (!isCurrent()) return;
          dispatch({ type: "failed", error: toApiError(error) });
        })
        .finally(() => {
          if (controllerRef.current === controller) controllerRef.current = null;
        });
    },
    [url],
  );

  useEffect(() => () => controllerRef.current?.abort(), []);

  return { ...state, start, stop, reset };
}
