import {
  type TCodeBlocksResponse,
  type TRunCodeRequest,
  type TRunResult,
  ZCodeBlocksResponse,
  ZRunResult,
} from "@codegenie/shared";
import { fetchJson, jsonRequest } from "../../lib/api/fetch-json";

/** `GET /api/history/:id/code`: the code blocks of one of the user's answers, with their checks. */
export function fetchCodeBlocks(
  historyId: string,
  signal?: AbortSignal,
): Promise<TCodeBlocksResponse> {
  const url = `/api/history/${encodeURIComponent(historyId)}/code`;
  return fetchJson(url, ZCodeBlocksResponse, { signal });
}

/** `POST /api/code/run`: runs a snippet in the server's sandbox (Python or JavaScript). */
export function runCode(request: TRunCodeRequest): Promise<TRunResult> {
  return fetchJson("/api/code/run", ZRunResult, jsonRequest("POST", request));
}
