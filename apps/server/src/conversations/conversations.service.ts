import type { TConversation, TConversationDetail, TConversationsPage } from "@codegenie/shared";
import { AppError } from "../errors";
import type { HistoryRepository } from "../history/history.repository";
import { decodeCursor, encodeCursor } from "../history/page-cursor";
import { presentHistoryItem } from "../history/present-history-item";
import type { ConversationRow, ConversationsRepository } from "./conversations.repository";

/** The user's own conversations: list, read with turns, rename, delete. */
export class ConversationsService {
  readonly #repository: ConversationsRepository;
  readonly #history: HistoryRepository;

  constructor(repository: ConversationsRepository, history: HistoryRepository) {
    this.#repository = repository;
    this.#history = history;
  }

  /** One page of the user's conversations, most recently active first. */
  async list(
    userId: string,
    query: { cursor?: string | undefined; limit: number },
  ): Promise<TConversationsPage> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.#repository.listPage(userId, cursor, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const hasMore = rows.length > query.limit && last !== undefined;
    return {
      items: page.map(presentConversation),
      nextCursor: hasMore ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
    };
  }

  /** One of the user's conversations with its turns, oldest first; 404 otherwise. */
  async get(userId: string, id: string): Promise<TConversationDetail> {
    const conversation = await this.#repository.find(userId, id);
    if (!conversation) throw new AppError("conversation.not_found");
    const turns = await this.#history.listConversationTurns(userId, id);
    return { ...presentConversation(conversation), turns: turns.map(presentHistoryItem) };
  }

  /** Gives one of the user's conversations a new title; 404 otherwise. */
  async rename(userId: string, id: string, title: string): Promise<TConversation> {
    const conversation = await this.#repository.rename(userId, id, title);
    if (!conversation) throw new AppError("conversation.not_found");
    return presentConversation(conversation);
  }

  /** Deletes one of the user's conversations with its turns and their feedback; 404 otherwise. */
  async delete(userId: string, id: string): Promise<void> {
    if (!(await this.#repository.delete(userId, id))) throw new AppError("conversation.not_found");
  }
}

function presentConversation(row: ConversationRow): TConversation {
  return {
    id: row.id,
    title: row.title,
    turnCount: row.turnCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
