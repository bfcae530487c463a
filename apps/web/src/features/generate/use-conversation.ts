import type { TGenerateRequest } from "@codegenie/shared";
import { useCallback, useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { useGenerationStream } from "../../lib/streaming/use-generation-stream";
import { type ConversationTurn, turnFromHistory, turnFromStream } from "./conversation-turn";
import { useConversationDetail } from "./generate-api";

/** The URL's search parameter that names the conversation shown: `/generate?conversation=<id>`. */
export const CONVERSATION_PARAM = "conversation";

/**
 * One conversation of the Generate page: its turns (stored ones, then the one streaming), the id
 * follow-ups must carry, and the actions. The id comes from the server's `generation-start`
 * event and is put in the URL, so a reload or a link from History reopens the conversation
 * (`GET /api/conversations/:id`).
 */
export function useConversation() {
  const [searchParams, setSearchParams] = useSearchParams();
  const stream = useGenerationStream<TGenerateRequest>("/api/generate");
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [title, setTitle] = useState<string | null>(null);
  // Turns that ended before the one in `stream`.
  const [earlierTurns, setEarlierTurns] = useState<ConversationTurn[]>([]);
  const [livePrompt, setLivePrompt] = useState("");
  const [liveModel, setLiveModel] = useState<string | null>(null);

  // The conversation in the URL that the page shows (loaded, or started here). The URL changes
  // a moment after the page's state, so this, not `conversationId`, decides what to load.
  const [shownUrlId, setShownUrlId] = useState<string | null>(null);
  const urlConversationId = searchParams.get(CONVERSATION_PARAM);
  useEffect(() => {
    if (urlConversationId === null) setShownUrlId(null);
  }, [urlConversationId]);

  // The URL names a conversation other than the one shown (a link, a reload): load it.
  const idToLoad = urlConversationId !== shownUrlId ? urlConversationId : null;
  const detail = useConversationDetail(idToLoad);
  const { reset } = stream;
  useEffect(() => {
    if (!detail.data || detail.data.id !== idToLoad) return;
    reset();
    setEarlierTurns(detail.data.turns.map(turnFromHistory));
    setConversationId(detail.data.id);
    setShownUrlId(detail.data.id);
    setTitle(detail.data.title);
  }, [detail.data, idToLoad, reset]);

  // The server started a new conversation: follow-ups continue it, and the URL names it.
  const startedConversationId = stream.conversationId;
  useEffect(() => {
    if (!startedConversationId || startedConversationId === conversationId) return;
    setConversationId(startedConversationId);
    setShownUrlId(startedConversationId);
    setSearchParams({ [CONVERSATION_PARAM]: startedConversationId }, { replace: true });
  }, [startedConversationId, conversationId, setSearchParams]);

  const liveTurn = turnFromStream(livePrompt, stream, liveModel);
  const turns = liveTurn ? [...earlierTurns, liveTurn] : earlierTurns;

  /** Sends a prompt in this conversation (`conversationId` is added here). */
  const send = (request: Omit<TGenerateRequest, "conversationId">) => {
    if (liveTurn) setEarlierTurns([...earlierTurns, liveTurn]);
    setLivePrompt(request.prompt);
    setLiveModel(request.model);
    stream.start(conversationId ? { ...request, conversationId } : request);
  };

  const startNew = useCallback(() => {
    reset();
    setEarlierTurns([]);
    setConversationId(null);
    setTitle(null);
    setLivePrompt("");
    setSearchParams({});
  }, [reset, setSearchParams]);

  return {
    conversationId,
    title,
    turns,
    /** True when the last turn is the one streamed here (its status is live). */
    hasLiveTurn: liveTurn !== null,
    stream,
    /** Loading or failing to load the conversation named in the URL. */
    loading: idToLoad ? detail : null,
    send,
    stop: stream.stop,
    startNew,
  };
}
