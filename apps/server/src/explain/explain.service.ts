import type { TExplainRequest } from "@codegenie/shared";
import { AppError } from "../errors";
import { withProjectContext } from "../generation/generate-instructions";
import type {
  Caller,
  GenerationService,
  PlannedGeneration,
} from "../generation/generation.service";
import { explainPrompt } from "./explain-prompts";

/**
 * Plans explain requests; they run through the generation service like generate requests (same
 * queue, stream and history), as `explain` rows with their style and no conversation.
 */
export class ExplainService {
  readonly #generations: GenerationService;

  constructor(generations: GenerationService) {
    this.#generations = generations;
  }

  /**
   * Checks the code and builds the style's prompt with the caller's project context. Code over
   * EXPLAIN_MAX_CODE_CHARS, or whose prompt leaves the model too little room for an answer, is
   * refused with 413 explain.code_too_large (details: limit and actual, in characters or tokens):
   * never cut.
   */
  async plan(caller: Caller, request: TExplainRequest): Promise<PlannedGeneration> {
    const { maxExplainCodeChars } = this.#generations.limits;
    if (request.code.length > maxExplainCodeChars) {
      throw new AppError(
        "explain.code_too_large",
        `The code has ${request.code.length} characters; the limit is ${maxExplainCodeChars}. Explain a smaller part of it.`,
        { limit: maxExplainCodeChars, actual: request.code.length, unit: "characters" },
      );
    }
    const { model, parameters } = this.#generations.prepare(request.model, request);
    const prompt = explainPrompt(request.style, request.code, request.language);
    const fit = await this.#generations.fit(model, {
      system: withProjectContext(prompt.system, caller.projectContext),
      earlierTurns: [],
      prompt: prompt.message,
      maxTokens: parameters.maxTokens,
    });
    if (!fit.fits) {
      throw new AppError(
        "explain.code_too_large",
        `The code and its instructions take ${fit.promptTokens} tokens; "${model.id}" has room for ${fit.limit} besides its answer. Explain a smaller part of it.`,
        { limit: fit.limit, actual: fit.promptTokens, unit: "tokens" },
      );
    }
    const language = request.language ?? "auto";
    return {
      model,
      kind: "explain",
      conversation: fit.conversation,
      recordedPrompt: request.code,
      language: language === "auto" ? null : language,
      style: request.style,
      parameters: { ...parameters, maxTokens: fit.maxTokens },
      target: null,
    };
  }
}
