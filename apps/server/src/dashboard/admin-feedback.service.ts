import type {
  TAdminFeedbackItem,
  TAdminFeedbackQuery,
  TAdminFeedbackResponse,
} from "@codegenie/shared";
import type { AdminFeedbackRepository, AdminFeedbackRow } from "./admin-feedback.repository";
import { resolveRange } from "./dashboard-range";

/** The feedback table of the admin dashboard. */
export class AdminFeedbackService {
  readonly #repository: AdminFeedbackRepository;

  constructor(repository: AdminFeedbackRepository) {
    this.#repository = repository;
  }

  /** One page of the feedback given in [from, to) that matches the filters, newest first. */
  async list(query: TAdminFeedbackQuery, now = new Date()): Promise<TAdminFeedbackResponse> {
    const range = resolveRange(query, now);
    const { rows, total } = await this.#repository.list(
      {
        range,
        rating: query.rating,
        sentiment: query.sentiment,
        word: query.word,
        model: query.model,
      },
      query,
    );
    return { feedback: rows.map(presentRow), total, page: query.page, pageSize: query.pageSize };
  }
}

function presentRow(row: AdminFeedbackRow): TAdminFeedbackItem {
  const label = row.sentimentLabel;
  const isLabel = label === "positive" || label === "neutral" || label === "negative";
  return {
    id: row.id,
    queryId: row.queryId,
    rating: row.rating,
    comment: row.comment,
    sentiment:
      isLabel && row.sentimentCompound !== null ? { label, compound: row.sentimentCompound } : null,
    user: { id: row.userId, username: row.username },
    model: row.model,
    kind: row.kind === "explain" ? "explain" : "generate",
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
