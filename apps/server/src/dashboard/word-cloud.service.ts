import type { TWordCloudQuery, TWordCloudResponse } from "@codegenie/shared";
import { resolveRange } from "./dashboard-range";
import type { WordCloudRepository } from "./word-cloud.repository";

/** The word cloud of feedback comments for admins. */
export class WordCloudService {
  readonly #repository: WordCloudRepository;

  constructor(repository: WordCloudRepository) {
    this.#repository = repository;
  }

  /** The most frequent terms of the comments in [from, to), optionally of one sentiment label. */
  async cloud(query: TWordCloudQuery, now = new Date()): Promise<TWordCloudResponse> {
    const range = resolveRange(query, now);
    const [terms, comments] = await Promise.all([
      this.#repository.topTerms(range, query.sentiment, query.limit),
      this.#repository.countComments(range, query.sentiment),
    ]);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      sentiment: query.sentiment ?? null,
      comments,
      terms,
    };
  }
}
