import { Button, Group, Stack } from "@mantine/core";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import "./code-block-tools.css";
import { CodeCheckBadges } from "./code-check-badges";
import { useCodeChecks } from "./code-checks-context";
import {
  isRunnableLanguage,
  languageLabel,
  mayBeChecked,
  normaliseFenceLanguage,
} from "./code-languages";
import { RunResultPanel } from "./run-result-panel";
import { useRunCode } from "./use-code-blocks";

/** Props of {@link CodeBlockTools}. */
export interface CodeBlockToolsProps {
  /** The block's place among the answer's fenced blocks (the server's `index`). */
  index: number;
  /** The fence's language tag as written (`py`, `js`…); null when untagged. */
  fenceLanguage: string | null;
  /** The block's code as written. */
  code: string;
}

/**
 * The line under a code block of a finished answer: its check badges, and for Python and
 * JavaScript a Run button whose outcome opens in a panel below. The language is the server's
 * (which guesses untagged blocks), or the fence's tag until the server has answered.
 */
export function CodeBlockTools({ index, fenceLanguage, code }: CodeBlockToolsProps) {
  const checks = useCodeChecks();
  const { isFinished, blocks } = checks;
  const run = useRunCode();
  const block = blocks.get(index) ?? null;
  const language = block ? block.language : normaliseFenceLanguage(fenceLanguage);
  const runnableLanguage = isFinished && isRunnableLanguage(language) ? language : null;
  const label = language ? languageLabel(language) : "code";
  const isChecking = checks.isChecking && mayBeChecked(language);

  if (!isFinished) return null;
  const hasBadges = block?.syntax || block?.execution || isChecking;
  if (!hasBadges && !runnableLanguage) return null;
  return (
    <Stack gap={6} className="code-block-tools" data-testid="code-block-tools">
      <Group justify="space-between" gap={6} wrap="wrap">
        <Group gap={6} wrap="wrap">
          <CodeCheckBadges block={block} isChecking={isChecking} />
        </Group>
        {runnableLanguage && (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<PlayIcon />}
            loading={run.isPending}
            loaderProps={{ type: "dots" }}
            aria-label={`Run ${label} code`}
            onClick={() => run.mutate({ language: runnableLanguage, code })}
          >
            {run.data || run.error ? "Run again" : "Run"}
          </Button>
        )}
      </Group>
      <div aria-live="polite">
        {run.error && !run.isPending && <ErrorAlert error={toApiError(run.error)} />}
        {run.data && !run.isPending && (
          <RunResultPanel result={run.data} languageLabel={label} onClose={() => run.reset()} />
        )}
      </div>
    </Stack>
  );
}

/** A triangle pointing right, drawn rather than a glyph some systems lack. */
function PlayIcon() {
  return (
    <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
      <path d="M2 1 L9 5 L2 9 Z" fill="currentColor" />
    </svg>
  );
}
