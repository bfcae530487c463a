import {
  type TCodeBlocksResponse,
  type TRunnableLanguage,
  type TRunResult,
  ZRunnableLanguage,
} from "@codegenie/shared";
import type { FastifyBaseLogger } from "fastify";
import { AppError } from "../errors";
import type { CodeRunner } from "../sandbox/code-runner";
import {
  CHECKED_STATUSES,
  type CheckedBlock,
  type CodeBlocksRepository,
  type UncheckedCursor,
} from "./code-blocks.repository";
import { extractCodeBlocks } from "./extract-code-blocks";
import { presentCodeBlock } from "./present-code-block";
import type { SyntaxChecker } from "./syntax-checker";

/** Unchecked rows read at a time when catching up after a restart. */
const BACKLOG_PAGE_SIZE = 100;

interface Dependencies {
  repository: CodeBlocksRepository;
  syntax: SyntaxChecker;
  /** The sandbox, or null while there is none (then nothing runs). Read at each run. */
  runner: () => CodeRunner | null;
  /** Languages whose syntax-valid blocks are run once; empty: none. */
  autoRunLanguages: readonly TRunnableLanguage[];
  logger: FastifyBaseLogger;
}

/**
 * Checks the code of finished answers off the request path: extracts the blocks, checks their
 * syntax, runs the syntax-valid Python and JavaScript ones once in the sandbox (when configured)
 * and stores it all with the row's `code_checked_at` in one transaction. One check at a time
 * (an in-process queue), so checks never compete with generation for the cores; a check that
 * fails is logged and the row stays unchecked, to be picked up at the next start.
 */
export class CodeCheckService {
  readonly #deps: Dependencies;
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  #draining: Promise<void> | undefined;
  /** Where the catch-up over unchecked rows stands; undefined when it is not running. */
  #backlog: { cursor: UncheckedCursor | null } | undefined;
  #isStopping = false;

  constructor(deps: Dependencies) {
    this.#deps = deps;
  }

  /**
   * Queues a finished answer for checking and returns at once; never throws (the generation
   * service calls it right after saving the answer, and must not be delayed or failed by it).
   */
  enqueue(generationId: string): void {
    if (this.#isStopping || this.#queued.has(generationId)) return;
    this.#queued.add(generationId);
    this.#queue.push(generationId);
    this.#kick();
  }

  /**
   * Catches up on finished answers that were never checked (the server stopped before their
   * turn), oldest first, a page at a time once the queue is empty.
   */
  resumeUnchecked(): void {
    if (this.#isStopping) return;
    this.#backlog = { cursor: null };
    this.#kick();
  }

  /** Resolves when the queue is empty and nothing is being checked (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /**
   * Stops taking work and waits for the check in progress; a check interrupted between blocks
   * stores nothing, so its row is checked again at the next start.
   */
  async stop(): Promise<void> {
    this.#isStopping = true;
    this.#queue.length = 0;
    this.#queued.clear();
    this.#backlog = undefined;
    await this.idle();
  }

  /**
   * `GET /api/history/:id/code`: the blocks of one of the user's answers; `pending` while it
   * runs or waits for its check. A failed answer is never checked: `checked` with no blocks.
   */
  async blocksFor(userId: string, generationId: string): Promise<TCodeBlocksResponse> {
    const { repository } = this.#deps;
    const row = await repository.findOwnRow(generationId, userId);
    if (!row) throw new AppError("history.not_found");
    if (row.status === "failed") return { state: "checked", blocks: [] };
    if (row.codeCheckedAt === null) return { state: "pending", blocks: [] };
    const blocks = await repository.blocksOf(generationId);
    return { state: "checked", blocks: blocks.map(presentCodeBlock) };
  }

  #kick(): void {
    if (this.#draining || this.#isStopping) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
    });
  }

  async #drain(): Promise<void> {
    while (!this.#isStopping) {
      const id = this.#queue.shift();
      if (id === undefined) {
        if (!(await this.#loadBacklogPage())) return;
        continue;
      }
      this.#queued.delete(id);
      try {
        await this.#check(id);
      } catch (error) {
        this.#deps.logger.error({ err: error, generationId: id }, "code check failed");
      }
    }
  }

  /** Queues the next page of unchecked rows; false when there is no more. */
  async #loadBacklogPage(): Promise<boolean> {
    const backlog = this.#backlog;
    if (!backlog) return false;
    try {
      const page = await this.#deps.repository.uncheckedPage(backlog.cursor, BACKLOG_PAGE_SIZE);
      // Restarted or stopped meanwhile: look again (the loop ends when stopping).
      if (this.#backlog !== backlog) return true;
      if (page.ids.length === 0) {
        this.#backlog = undefined;
        return this.#queue.length > 0;
      }
      backlog.cursor = page.next;
      for (const id of page.ids) {
        if (this.#queued.has(id)) continue;
        this.#queued.add(id);
        this.#queue.push(id);
      }
      return true;
    } catch (error) {
      this.#deps.logger.error({ err: error }, "could not read the answers left unchecked");
      this.#backlog = undefined;
      return this.#queue.length > 0;
    }
  }

  async #check(generationId: string): Promise<void> {
    const { repository, syntax } = this.#deps;
    const row = await repository.findRowToCheck(generationId);
    const isFinished = (CHECKED_STATUSES as readonly string[]).includes(row?.status ?? "");
    if (!row || !isFinished || row.codeCheckedAt !== null) return;
    const checked: CheckedBlock[] = [];
    for (const block of extractCodeBlocks(row.responseText)) {
      const result = await syntax.check(block.language, block.code, block.tag);
      const execution = result?.valid ? await this.#autoRun(block.language, block.code) : null;
      // Stopping between blocks: store nothing; the row is checked again at the next start.
      if (this.#isStopping) return;
      checked.push({
        index: block.index,
        language: block.language,
        isLanguageGuessed: block.isLanguageGuessed,
        code: block.code,
        syntax: result,
        execution,
      });
    }
    await repository.saveChecked(generationId, checked);
  }

  /** Runs a block once when its language is set to run automatically and there is a sandbox. */
  async #autoRun(language: string | null, code: string): Promise<TRunResult | null> {
    const runnable = ZRunnableLanguage.safeParse(language);
    if (!runnable.success || !this.#deps.autoRunLanguages.includes(runnable.data)) return null;
    const runner = this.#deps.runner();
    if (!runner) return null;
    try {
      return await runner.run({ language: runnable.data, code });
    } catch (error) {
      // The block is stored as not run (too large for the sandbox, or the sandbox is down).
      this.#deps.logger.warn({ err: error, language }, "automatic run of a code block failed");
      return null;
    }
  }
}
