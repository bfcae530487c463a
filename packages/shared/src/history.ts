import { z } from "zod";
import { ZExplainStyle } from "./explain";
import { ZFeedback } from "./feedback";
import { ZFinishReason, ZGenerationParameters, ZLanguage, ZQueryKind } from "./generation";
import { ZModelId } from "./models";

const ZTimestamp = z.iso.datetime({ offset: true });

/** Where a history row stands: `running` until the model ends, is cancelled or fails. */
export const ZQueryStatus = z.enum(["running", "completed", "cancelled", "failed"]);
export type TQueryStatus = z.infer<typeof ZQueryStatus>;

/** One generate or explain request and its answer (whole, or partial when cancelled). */
export const ZHistoryItem = z.object({
  id: z.uuid(),
  kind: ZQueryKind,
  model: ZModelId,
  conversationId: z.uuid().nullable(),
  language: ZLanguage.nullable(),
  style: ZExplainStyle.nullable(),
  /** The prompt (generate) or the code (explain). */
  prompt: z.string(),
  answer: z.string(),
  status: ZQueryStatus,
  finishReason: ZFinishReason.nullable(),
  /** Why it failed, when `status` is `failed`. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  parameters: ZGenerationParameters.extend({
    temperature: z.number().nullable(),
    topP: z.number().nullable(),
  }),
  promptTokens: z.int().nullable(),
  completionTokens: z.int().nullable(),
  timeToFirstTokenMs: z.number().nullable(),
  durationMs: z.number().nullable(),
  createdAt: ZTimestamp,
  finishedAt: ZTimestamp.nullable(),
  feedback: ZFeedback.nullable(),
});
export type THistoryItem = z.infer<typeof ZHistoryItem>;

/** The most rows one page of a listing holds. */
export const HISTORY_PAGE_MAX = 100;

/**
 * `GET /api/history`: the user's own rows, newest first. `cursor` is the `nextCursor` of the
 * previous page; `q` matches the prompt, code or answer (case-insensitive).
 */
export const ZHistoryQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(20),
  kind: ZQueryKind.optional(),
  model: ZModelId.optional(),
  q: z.string().trim().max(200).optional(),
});
export type THistoryQuery = z.infer<typeof ZHistoryQuery>;

export const ZHistoryPage = z.object({
  items: z.array(ZHistoryItem),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type THistoryPage = z.infer<typeof ZHistoryPage>;

/** `GET /api/history/export?format=json|markdown`: all own rows, as a file. */
export const ZHistoryExportQuery = z.object({
  format: z.enum(["json", "markdown"]).default("json"),
});

/** A conversation: the turns of one thread of generate requests. */
export const ZConversation = z.object({
  id: z.uuid(),
  title: z.string(),
  turnCount: z.int(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TConversation = z.infer<typeof ZConversation>;

/** `GET /api/conversations`: the user's conversations, most recently active first. */
export const ZConversationsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(20),
});
export const ZConversationsPage = z.object({
  items: z.array(ZConversation),
  nextCursor: z.string().nullable(),
});
export type TConversationsPage = z.infer<typeof ZConversationsPage>;

/** `GET /api/conversations/:id`: the conversation with its turns, oldest first. */
export const ZConversationDetail = ZConversation.extend({ turns: z.array(ZHistoryItem) });
export type TConversationDetail = z.infer<typeof ZConversationDetail>;

/** The longest conversation title. */
export const CONVERSATION_TITLE_MAX_CHARS = 120;

/** `PATCH /api/conversations/:id`. */
export const ZRenameConversationRequest = z.object({
  title: z.string().trim().min(1, "the title is empty").max(CONVERSATION_TITLE_MAX_CHARS),
});
export type TRenameConversationRequest = z.infer<typeof ZRenameConversationRequest>;

/** The longest project context (custom instructions). */
export const PROJECT_CONTEXT_MAX_CHARS = 4000;

/**
 * `GET|PUT /api/me/project-context`: the user's custom instructions (conventions, stack) that
 * go into every prompt; an empty text means none.
 */
export const ZProjectContext = z.object({
  projectContext: z.string().trim().max(PROJECT_CONTEXT_MAX_CHARS),
});
export type TProjectContext = z.infer<typeof ZProjectContext>;
