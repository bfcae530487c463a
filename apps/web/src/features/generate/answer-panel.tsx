import { Box, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { ErrorAlert } from "../../components/error-alert";
import {
  type GenerationStreamState,
  isStreamRunning,
} from "../../lib/streaming/generation-stream-state";
import { formatDuration, GenerationStats } from "./generation-stats";
import { StreamStatusBadge } from "./stream-status-badge";

/**
 * The streamed answer as plain preformatted text (markdown and highlighting come later), with its
 * status, any error, and the stats at the end. Partial text stays visible after Stop or an error.
 */
export function AnswerPanel({ stream }: { stream: GenerationStreamState }) {
  const { status, text, error, stats, elapsedMs, queuePosition } = stream;
  const isRunning = isStreamRunning(status);

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Answer
          </Title>
          <StreamStatusBadge status={status} queuePosition={queuePosition} />
        </Group>

        {error && <ErrorAlert error={error} />}

        <Box
          component="pre"
          role="region"
          aria-label="Answer"
          aria-live="polite"
          // Screen readers wait for the end instead of reading every token as it arrives.
          aria-busy={isRunning}
          m={0}
          p="sm"
          mih={120}
          ff="monospace"
          fz="sm"
          bg="var(--mantine-color-default-hover)"
          bdrs="sm"
          style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
        >
          {text}
        </Box>
        {status === "waiting" && !text && (
          <Text size="sm" c="dimmed">
            The first words can take a moment while the model loads.
          </Text>
        )}

        {status === "stopped" && (
          <Text size="sm" c="dimmed">
            Stopped by you{elapsedMs === null ? "" : ` after ${formatDuration(elapsedMs)}`}; the
            partial answer is kept above.
          </Text>
        )}
        {stats && <GenerationStats stats={stats} />}
      </Stack>
    </Paper>
  );
}
