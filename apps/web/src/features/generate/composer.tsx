import { Button, Group, Kbd, Paper, Stack, Text, Textarea } from "@mantine/core";
import { getHotkeyHandler } from "@mantine/hooks";
import type { FormEvent } from "react";

/** Props of {@link Composer}. */
export interface ComposerProps {
  prompt: string;
  onPromptChange: (prompt: string) => void;
  error: string | undefined;
  /** True while an answer streams: Stop replaces Send. */
  isRunning: boolean;
  /** True when the conversation has a turn to follow up on (changes the wording). */
  isFollowUp: boolean;
  canSend: boolean;
  onSend: () => void;
  onStop: () => void;
  /** Sends the last prompt again; undefined when there is none. */
  onRetry: (() => void) | undefined;
}

/**
 * The prompt box under the conversation: Send (or Ctrl/⌘+Enter), Stop while an answer streams,
 * Retry to ask the last prompt again.
 */
export function Composer({
  prompt,
  onPromptChange,
  error,
  isRunning,
  isFollowUp,
  canSend,
  onSend,
  onStop,
  onRetry,
}: ComposerProps) {
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!isRunning) onSend();
  };

  return (
    <Paper withBorder p="sm" component="form" onSubmit={handleSubmit} noValidate shadow="xs">
      <Stack gap="xs">
        <Textarea
          label="Prompt"
          placeholder={
            isFollowUp
              ? "Ask a follow-up, e.g. Now add type hints and a docstring"
              : "e.g. A Python function that checks whether a string is a palindrome"
          }
          autosize
          minRows={3}
          maxRows={12}
          value={prompt}
          onChange={(event) => onPromptChange(event.currentTarget.value)}
          onKeyDown={getHotkeyHandler([["mod+Enter", () => !isRunning && onSend()]])}
          error={error}
        />
        <Group justify="space-between" align="center" gap="xs">
          <Text size="xs" c="dimmed" visibleFrom="xs">
            <Kbd size="xs">Ctrl</Kbd> / <Kbd size="xs">⌘</Kbd> + <Kbd size="xs">Enter</Kbd> to send
          </Text>
          <Group gap="xs" ml="auto">
            {onRetry && !isRunning && (
              <Button variant="default" onClick={onRetry}>
                Retry
              </Button>
            )}
            {isRunning ? (
              <Button color="red" variant="light" onClick={onStop}>
                Stop
              </Button>
            ) : (
              <Button type="submit" disabled={!canSend}>
                Send
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
