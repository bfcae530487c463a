import type { THistoryItem, THistoryPage, THistoryQuery } from "@codegenie/shared";
import { AppError } from "../errors";
import type { HistoryRepository } from "./history.repository";
import { historyToMarkdown } from "./history-markdown";
import { decodeCursor, encodeCursor } from "./page-cursor";
import { presentHistoryItem } from "./present-history-item";

/** A history export, ready to send as a download. */
export interface HistoryExport {
  filename: string;
  contentType: string;
  body: string;
}

/** The user's own history: pages, single rows, deletion and export. */
export class HistoryService {
  readonly #repository: HistoryRepository;

  constructor(repository: HistoryRepository) {
    this.#repository = repository;
  }

  /** One page of the user's rows, newest first; `nextCursor` is null on the last page. */
  async list(userId: string, query: THistoryQuery): Promise<THistoryPage> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const filter = { kind: query.kind, model: query.model, text: query.q || undefined };
    // One row more than asked tells whether another page follows.
    const rows = await this.#repository.listPage(userId, filter, cursor, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const hasMore = rows.length > query.limit && last !== undefined;
    return {
      items: page.map(presentHistoryItem),
      nextCursor: hasMore ? encodeCursor({ at: last.cursorAt, id: last.generation.id }) : null,
    };
  }

  /** One of the user's rows; 404 `history.not_found` for any other id. */
  async get(userId: string, id: string): Promise<THistoryItem> {
    const row = await this.#repository.find(userId, id);
    if (!row) throw new AppError("history.not_found");
    return presentHistoryItem(row);
  }

  /** Deletes one of the user's rows and its feedback; 404 `history.not_found` for any other id. */
  async delete(userId: string, id: string): Promise<void> {
    if (!(await this.#repository.delete(userId, id))) throw new AppError("history.not_found");
  }

  /** All the user's rows with their feedback, oldest first, as a JSON or Markdown file. */
  async export(
    user: { id: string; username: string },
    format: "json" | "markdown",
  ): Promise<HistoryExport> {
    const items = (await this.#repository.listAll(user.id)).map(presentHistoryItem);
    const exportedAt = new Date().toISOString();
    // User ids are letters, digits, `_`, `.` and `-` only: safe inside the quoted file name.
    const basename = `codegenie-history-${user.username}-${exportedAt.slice(0, 10)}`;
    switch (format) {
      case "json":
        return {
          filename: `${basename}.json`,
          contentType: "application/json; charset=utf-8",
          body: JSON.stringify(
            { format: "codegenie-history-export/1", exportedAt, items },
            null,
            2,
          ),
        };
      case "markdown":
        return {
          filename: `${basename}.md`,
          contentType: "text/markdown; charset=utf-8",
          body: historyToMarkdown(items, { username: user.username, exportedAt }),
        };
    }
  }
}
