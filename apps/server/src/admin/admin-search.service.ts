import {
  ADMIN_SEARCH_MAX_COUNTED,
  ADMIN_SEARCH_TYPES,
  type TAdminSearchQuery,
  type TAdminSearchResponse,
  ZFeedbackSearchHit,
  ZHistorySearchHit,
} from "@codegenie/shared";
import type { Database } from "../db/database";
import { AdminSearchRepository, type SearchPage } from "./admin-search.repository";
import { highlightedParts, searchTermsOf } from "./admin-search-terms";

/** A group of the response from a page of rows. */
function groupOf<Row, Item>(page: SearchPage<Row>, present: (row: Row) => Item) {
  return {
    items: page.rows.map(present),
    total: Math.min(page.found, ADMIN_SEARCH_MAX_COUNTED),
    isTotalCapped: page.found > ADMIN_SEARCH_MAX_COUNTED,
  };
}

// Values the database's check constraints guarantee; anything else would be a bug, not input.
const kindOf = (kind: string) => ZHistorySearchHit.shape.kind.parse(kind);
const statusOf = (status: string) => ZHistorySearchHit.shape.status.parse(status);
const sentimentOf = (label: string | null) => ZFeedbackSearchHit.shape.sentimentLabel.parse(label);

/** The admin's global search over users, history, feedback and the audit log. */
export class AdminSearchService {
  readonly #search: AdminSearchRepository;

  constructor(db: Database) {
    this.#search = new AdminSearchRepository(db);
  }

  /** One page of each requested type (all types when none are named), best matches first. */
  async search(query: TAdminSearchQuery): Promise<TAdminSearchResponse> {
    const terms = searchTermsOf(query.q);
    const page = { page: query.page, pageSize: query.pageSize };
    const response: TAdminSearchResponse = {
      q: query.q,
      page: query.page,
      pageSize: query.pageSize,
    };
    // One after another: PGlite has one connection, so running them together gains nothing.
    for (const type of query.types ?? ADMIN_SEARCH_TYPES) {
      switch (type) {
        case "users":
          response.users = groupOf(await this.#search.users(terms, page), (row) => ({
            id: row.id,
            username: row.username,
            displayName: row.displayName,
            email: row.email,
            role: row.role === "admin" ? "admin" : "user",
            createdAt: row.createdAt.toISOString(),
            isPrefixMatch: row.isPrefixMatch,
            snippet: highlightedParts(row.snippet),
            rank: row.rank,
          }));
          break;
        case "history":
          response.history = groupOf(await this.#search.history(terms, page), (row) => ({
            id: row.id,
            userId: row.userId,
            username: row.username,
            kind: kindOf(row.kind),
            model: row.model,
            status: statusOf(row.status),
            createdAt: row.createdAt.toISOString(),
            prompt: highlightedParts(row.prompt),
            answer: highlightedParts(row.answer),
            rank: row.rank,
          }));
          break;
        case "feedback":
          response.feedback = groupOf(await this.#search.feedback(terms, page), (row) => ({
            id: row.id,
            queryId: row.queryId,
            userId: row.userId,
            username: row.username,
            rating: row.rating,
            sentimentLabel: sentimentOf(row.sentimentLabel),
            createdAt: row.createdAt.toISOString(),
            comment: highlightedParts(row.comment),
            rank: row.rank,
          }));
          break;
        case "audit":
          response.audit = groupOf(await this.#search.audit(terms, page), (row) => ({
            id: String(row.id),
            action: row.action,
            actorId: row.actorId,
            actorUsername: row.actorUsername,
            targetId: row.targetId,
            targetUsername: row.targetUsername,
            createdAt: row.createdAt.toISOString(),
            snippet: highlightedParts(row.snippet),
            rank: row.rank,
          }));
          break;
      }
    }
    return response;
  }
}
