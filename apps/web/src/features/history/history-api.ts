import {
  type TConversation,
  type TConversationsPage,
  type THistoryItem,
  type THistoryPage,
  type THistoryQuery,
  ZConversation,
  ZConversationsPage,
  ZHistoryItem,
  ZHistoryPage,
} from "@codegenie/shared";
import { fetchJson, fetchOk, jsonRequest } from "../../lib/api/fetch-json";

/** The filters of the history list; empty ones are left out of the query. */
export type HistoryFilters = Pick<THistoryQuery, "kind" | "model" | "q">;

/** The query string of `GET /api/history` for these filters and page. */
export function historySearchParams(filters: HistoryFilters, cursor?: string): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q?.trim()) params.set("q", filters.q.trim());
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.model) params.set("model", filters.model);
  if (cursor) params.set("cursor", cursor);
  return params;
}

/** `GET /api/history`: one page of the user's rows, newest first. */
export function fetchHistoryPage(
  filters: HistoryFilters,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<THistoryPage> {
  const query = historySearchParams(filters, cursor).toString();
  return fetchJson(`/api/history${query ? `?${query}` : ""}`, ZHistoryPage, { signal });
}

/** `GET /api/history/:id`. */
export function fetchHistoryItem(id: string, signal?: AbortSignal): Promise<THistoryItem> {
  return fetchJson(`/api/history/${encodeURIComponent(id)}`, ZHistoryItem, { signal });
}

/** `DELETE /api/history/:id`. */
export async function deleteHistoryItem(id: string): Promise<void> {
  await fetchOk(`/api/history/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** The two formats the history can be exported in. */
export type HistoryExportFormat = "json" | "markdown";

/**
 * Downloads `GET /api/history/export` as a file. A plain link cannot send the Bearer token, so
 * the file is fetched with it and handed to the browser as a Blob, under the server's file name.
 */
export async function downloadHistoryExport(format: HistoryExportFormat): Promise<void> {
  const response = await fetchOk(`/api/history/export?format=${format}`, {
    headers: { Accept: format === "json" ? "application/json" : "text/markdown" },
  });
  const disposition = response.headers.get("content-disposition") ?? "";
  const fallbackName = `codegenie-history.${format === "json" ? "json" : "md"}`;
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started; give the browser a moment before freeing the Blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `GET /api/conversations`: one page, most recently active first. */
export function fetchConversationsPage(
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<TConversationsPage> {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
  return fetchJson(`/api/conversations${query}`, ZConversationsPage, { signal });
}

/** `PATCH /api/conversations/:id`. */
export function renameConversation(id: string, title: string): Promise<TConversation> {
  const url = `/api/conversations/${encodeURIComponent(id)}`;
  return fetchJson(url, ZConversation, jsonRequest("PATCH", { title }));
}

/** `DELETE /api/conversations/:id`: the conversation and its turns. */
export async function deleteConversation(id: string): Promise<void> {
  await fetchOk(`/api/conversations/${encodeURIComponent(id)}`, { method: "DELETE" });
}
