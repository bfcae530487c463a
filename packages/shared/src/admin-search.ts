import { z } from "zod";
import { ZRole } from "./auth";

/** What the admin search looks through. */
export const ADMIN_SEARCH_TYPES = ["users", "history", "feedback", "audit"] as const;
export const ZAdminSearchType = z.enum(ADMIN_SEARCH_TYPES);
export type TAdminSearchType = z.infer<typeof ZAdminSearchType>;

/** The longest search text, in characters. */
export const ADMIN_SEARCH_MAX_CHARS = 200;
/**
 * Matches counted (and ranked) per type, at most: past it a group says `isTotalCapped` and the
 * best of the first matches found are shown, so a very common word stays fast.
 */
export const ADMIN_SEARCH_MAX_COUNTED = 1000;

/**
 * The words of a search text as the server searches for them: runs of letters and digits,
 * lower-cased; everything else (operators, quotes, punctuation) only separates words. The last
 * word also matches as a prefix, so results appear while typing.
 */
export function adminSearchWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 32);
}

/**
 * `GET /api/admin/search?q&types&page&pageSize`: `types` is a comma-separated list (default all);
 * `page` pages every requested type at once (ask for one type to page through it).
 */
export const ZAdminSearchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(ADMIN_SEARCH_MAX_CHARS)
    .refine((text) => adminSearchWords(text).length > 0, "search for at least one letter or digit"),
  types: z
    .string()
    .transform((list) => [...new Set(list.split(",").map((type) => type.trim()))])
    .pipe(z.array(ZAdminSearchType).min(1))
    .optional(),
  page: z.coerce.number().int().min(1).max(100).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
export type TAdminSearchQuery = z.infer<typeof ZAdminSearchQuery>;

/**
 * Text with the matched words marked, as parts to render in order (a `<mark>` for `isMatch`);
 * never HTML, so nothing in people's text can inject markup.
 */
export const ZHighlightedText = z.array(z.object({ text: z.string(), isMatch: z.boolean() }));
export type THighlightedText = z.infer<typeof ZHighlightedText>;

const ZTimestamp = z.iso.datetime({ offset: true });

/** A user found by name, email, or the start of their id, email or user id. */
export const ZUserSearchHit = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: ZRole,
  createdAt: ZTimestamp,
  /** True when the user id, email or id starts with the search text (ranked first). */
  isPrefixMatch: z.boolean(),
  /** `username · display name · email` with the matches marked. */
  snippet: ZHighlightedText,
  rank: z.number(),
});

/** A history row (answer) found by its prompt or answer; open it as the user's history item `id`. */
export const ZHistorySearchHit = z.object({
  id: z.uuid(),
  userId: z.uuid().nullable(),
  username: z.string().nullable(),
  kind: z.enum(["generate", "explain"]),
  model: z.string(),
  status: z.enum(["running", "completed", "cancelled", "failed"]),
  createdAt: ZTimestamp,
  prompt: ZHighlightedText,
  answer: ZHighlightedText,
  rank: z.number(),
});

/** Feedback found by its comment; `queryId` is the history item it rates. */
export const ZFeedbackSearchHit = z.object({
  id: z.uuid(),
  queryId: z.uuid(),
  userId: z.uuid(),
  username: z.string().nullable(),
  rating: z.int().min(1).max(5),
  sentimentLabel: z.enum(["positive", "neutral", "negative"]).nullable(),
  createdAt: ZTimestamp,
  comment: ZHighlightedText,
  rank: z.number(),
});

/** An audit log entry found by its action, names or details. */
export const ZAuditSearchHit = z.object({
  id: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  targetId: z.string().nullable(),
  targetUsername: z.string().nullable(),
  createdAt: ZTimestamp,
  /** Action, names and details with the matches marked. */
  snippet: ZHighlightedText,
  rank: z.number(),
});

/** One type's page of results, best first; `total` counts up to {@link ADMIN_SEARCH_MAX_COUNTED}. */
function searchGroup<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), total: z.int(), isTotalCapped: z.boolean() });
}

/** The results, one group per requested type (types not asked for are absent). */
export const ZAdminSearchResponse = z.object({
  q: z.string(),
  page: z.int(),
  pageSize: z.int(),
  users: searchGroup(ZUserSearchHit).optional(),
  history: searchGroup(ZHistorySearchHit).optional(),
  feedback: searchGroup(ZFeedbackSearchHit).optional(),
  audit: searchGroup(ZAuditSearchHit).optional(),
});
export type TAdminSearchResponse = z.infer<typeof ZAdminSearchResponse>;
