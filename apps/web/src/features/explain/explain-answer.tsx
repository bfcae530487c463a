import { Box, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { AnswerMarkdown } from "../../components/answer-markdown/answer-markdown";
import { ErrorAlert } from "../../components/error-alert";
import {
  type GenerationStreamState,
  isStreamRunning,
} from "../../lib/streaming/generation-stream-state";
import { RatingWidget } from "../feedback/rating-widget";
import { formatDuration, GenerationStats } from "../generate/generation-stats";
import { StreamStatusBadge } from "../generate/stream-status-badge";

/**
 * The streamed explanation as Markdown, with its status, any error and the stats at the end.
 * The partial text stays after Stop or an error (History keeps it too); once the server has
 * given the explanation an id, it can be rated.
 */
export function ExplainAnswer({ stream }: { stream: GenerationStreamState }) {
  const { status, text, error, stats, elapsedMs, queuePosition, generationId } = stream;
  const isRunning = isStreamRunning(status);

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            Explanation
          </Title>
          <StreamStatusBadge status={status} queuePosition={queuePosition} />
        </Group>

        {error && <ErrorAlert error={error} />}

        <Box
          role="region"
          aria-label="Explanation"
          aria-live="polite"
          // Screen readers wait for the end instead of reading every token as it arrives.
          aria-busy={isRunning}
          mih={80}
        >
          <AnswerMarkdown
            text={text}
            queryId={generationId}
            isFinished={status === "finished" || status === "stopped"}
          />
        </Box>
        {status === "waiting" && !text && (
          <Text size="sm" c="dimmed">
            The first words can take a moment while the model loads.
          </Text>
        )}
        {status === "stopped" && (
          <Text size="sm" c="dimmed">
            Stopped by you{elapsedMs === null ? "" : ` after ${formatDuration(elapsedMs)}`}; the
            partial explanation is kept above and in History.
          </Text>
        )}
        {stats && <GenerationStats stats={stats} />}
        {!isRunning && generationId && status !== "failed" && (
          <RatingWidget key={generationId} queryId={generationId} feedback={null} />
        )}
      </Stack>
    </Paper>
  );
}
