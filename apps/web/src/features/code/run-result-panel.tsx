import type { TRunResult } from "@codegenie/shared";
import { Badge, CloseButton, Group, Paper, Stack, Text } from "@mantine/core";
import { useId } from "react";
import { formatRunDuration, RUN_STATUS_COLORS, RUN_STATUS_LABELS } from "./code-format";

/** Props of {@link RunResultPanel}. */
export interface RunResultPanelProps {
  result: TRunResult;
  /** "Python", "JavaScript": names the panel for screen readers. */
  languageLabel: string;
  onClose: () => void;
}

/**
 * The outcome of a run under its code block: how it ended and how long it took, then stdout and
 * stderr in scrollable boxes of capped height, and a note when the server cut the output.
 */
export function RunResultPanel({ result, languageLabel, onClose }: RunResultPanelProps) {
  const { status, stdout, stderr, exitCode, durationMs, truncated } = result;
  const hasOutput = stdout !== "" || stderr !== "";
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      className="code-run-panel"
      role="region"
      aria-label={`Output of the ${languageLabel} code`}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap="xs">
            <Badge
              variant="filled"
              color={RUN_STATUS_COLORS[status]}
              size="sm"
              data-testid="run-status"
            >
              {RUN_STATUS_LABELS[status]}
            </Badge>
            <Text size="xs" c="dimmed" data-testid="run-timing">
              {formatRunDuration(durationMs)}
              {exitCode !== undefined && exitCode !== 0 ? ` · exit code ${exitCode}` : ""}
            </Text>
          </Group>
          <CloseButton size="sm" aria-label="Close output" onClick={onClose} />
        </Group>
        {status === "timeout" && (
          <Text size="xs">Stopped: the code ran past the sandbox's time limit.</Text>
        )}
        {status === "memory_limit" && (
          <Text size="xs">Stopped: the code used more memory than the sandbox allows.</Text>
        )}
        {stdout !== "" && <OutputBox label="Output" text={stdout} testId="run-stdout" />}
        {stderr !== "" && <OutputBox label="Errors" text={stderr} testId="run-stderr" isError />}
        {!hasOutput && (
          <Text size="xs" c="dimmed">
            No output.
          </Text>
        )}
        {truncated && (
          <Text size="xs" c="orange" data-testid="run-truncated">
            The output was longer than the server keeps; only its beginning is shown.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

interface OutputBoxProps {
  label: string;
  text: string;
  testId: string;
  isError?: boolean;
}

/** stdout or stderr, monospace, scrollable (and focusable, so the keyboard can scroll it). */
function OutputBox({ label, text, testId, isError = false }: OutputBoxProps) {
  const labelId = useId();
  return (
    <section aria-labelledby={labelId}>
      <Text id={labelId} size="xs" fw={500} c={isError ? "red" : "dimmed"}>
        {label}
      </Text>
      <pre
        className="code-run-output"
        data-error={isError || undefined}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable box must be reachable by keyboard to be scrolled (WCAG 2.1.1).
        tabIndex={0}
        data-testid={testId}
      >
        {text}
      </pre>
    </section>
  );
}
