import type { TFeedback, TFeedbackRequest } from "@codegenie/shared";
import { AppError } from "../errors";
import type { FeedbackRepository } from "./feedback.repository";
import { presentFeedback } from "./present-feedback";
import { scoreSentiment } from "./sentiment";

/** Ratings and comments on one's own answers, with the comment's VADER sentiment. */
export class FeedbackService {
  readonly #repository: FeedbackRepository;

  constructor(repository: FeedbackRepository) {
    this.#repository = repository;
  }

  /**
   * Rates one of the user's answers, or replaces the earlier rating (`isCreated` says which).
   * The comment is scored once, here, so dashboards aggregate stored numbers. 404
   * `history.not_found` when the answer is not the user's.
   */
  async rate(
    userId: string,
    request: TFeedbackRequest,
  ): Promise<{ feedback: TFeedback; isCreated: boolean }> {
    const comment = request.comment ? request.comment : null;
    const sentiment = comment === null ? null : scoreSentiment(comment);
    const saved = await this.#repository.save({
      generationId: request.queryId,
      userId,
      rating: request.rating,
      comment,
      sentimentCompound: sentiment?.compound ?? null,
      sentimentPositive: sentiment?.positive ?? null,
      sentimentNeutral: sentiment?.neutral ?? null,
      sentimentNegative: sentiment?.negative ?? null,
      sentimentLabel: sentiment?.label ?? null,
    });
    if (!saved) throw new AppError("history.not_found");
    return { feedback: presentFeedback(saved.row), isCreated: saved.isCreated };
  }
}
