import type { TCodeBlock } from "@codegenie/shared";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { useCodeBlocks } from "./use-code-blocks";

/** What the code blocks of one answer know about their checks. */
export interface CodeChecks {
  /** The answer is complete (finished or stopped): its blocks can be run. */
  isFinished: boolean;
  /** The server's checks by block index; empty while none are known. */
  blocks: ReadonlyMap<number, TCodeBlock>;
  /** The server is still checking the blocks and the page waits for it. */
  isChecking: boolean;
}

const NO_CHECKS: CodeChecks = { isFinished: false, blocks: new Map(), isChecking: false };

const CodeChecksContext = createContext<CodeChecks>(NO_CHECKS);

/** Props of {@link CodeChecksProvider}. */
export interface CodeChecksProviderProps {
  /** The history row of the answer; null: no checks are fetched (Run still works). */
  historyId: string | null;
  isFinished: boolean;
  children: ReactNode;
}

/**
 * Fetches the checks of a finished answer's code blocks once (polling while the server is still
 * at it) and hands them to every block of the answer below it.
 */
export function CodeChecksProvider({ historyId, isFinished, children }: CodeChecksProviderProps) {
  const query = useCodeBlocks(isFinished ? historyId : null);
  const { data, isChecking } = query;
  const value = useMemo<CodeChecks>(
    () => ({
      isFinished,
      blocks: new Map(data?.blocks.map((block) => [block.index, block])),
      isChecking,
    }),
    [isFinished, data, isChecking],
  );
  return <CodeChecksContext.Provider value={value}>{children}</CodeChecksContext.Provider>;
}

/** The checks of the answer around a code block (none outside a provider). */
export function useCodeChecks(): CodeChecks {
  return useContext(CodeChecksContext);
}
