import { Badge, Box, Group, Paper, Stack, Text } from "@mantine/core";
import { AnswerMarkdown } from "../../components/answer-markdown/answer-markdown";
import { ErrorAlert } from "../../components/error-alert";
import { RatingWidget } from "../feedback/rating-widget";
import { type ConversationTurn, isRatable } from "./conversation-turn";
import { GenerationStats } from "./generation-stats";
import { StreamStatusBadge } from "./stream-status-badge";
import { TurnParametersLine } from "./turn-parameters";

/** Props of {@link ConversationTurnView}. */
export interface ConversationTurnViewProps {
  turn: ConversationTurn;
  /** 1 for the first turn; names the answer for screen readers ("Answer 2"). */
  number: number;
  /** The turn streaming now, or just ended: its status is announced live. */
  isLive: boolean;
  /** Requests ahead while the live turn waits. */
  queuePosition: number | null;
  /** The model's display name, when the model list has it. */
  modelName: string | null;
}

const ENDED_LABELS: Record<ConversationTurn["status"], string> = {
  waiting: "Waiting",
  streaming: "In progress",
  finished: "Finished",
  stopped: "Stopped",
  failed: "Failed",
};

/** One exchange: the user's prompt, then the answer as Markdown with its stats and rating. */
export function ConversationTurnView({
  turn,
  number,
  isLive,
  queuePosition,
  modelName,
}: ConversationTurnViewProps) {
  const isRunning = turn.status === "waiting" || turn.status === "streaming";
  return (
    <Stack gap="xs" component="article" aria-label={`Turn ${number}`}>
      <Paper p="sm" bg="var(--mantine-primary-color-light)" ml={{ base: 0, sm: "xl" }}>
        <Text size="xs" c="dimmed" fw={500}>
          You
        </Text>
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {turn.prompt}
        </Text>
      </Paper>

      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Group justify="space-between" gap="xs">
            <Text size="xs" c="dimmed" fw={500}>
              {modelName ?? turn.model ?? "CodeGenie"}
            </Text>
            {isLive ? (
              <StreamStatusBadge status={turn.status} queuePosition={queuePosition} />
            ) : (
              <Badge variant="light" color="gray" size="sm">
                {ENDED_LABELS[turn.status]}
              </Badge>
            )}
          </Group>

          <Box
            role="region"
            aria-label={`Answer ${number}`}
            aria-live={isLive ? "polite" : undefined}
            // Screen readers wait for the end instead of reading every token as it arrives.
            aria-busy={isRunning}
          >
            {turn.answer && (
              <AnswerMarkdown
                text={turn.answer}
                queryId={turn.id}
                isFinished={turn.status === "finished" || turn.status === "stopped"}
              />
            )}
          </Box>
          {isRunning && !turn.answer && (
            <Text size="sm" c="dimmed">
              The first words can take a moment while the model loads.
            </Text>
          )}

          {turn.error && <ErrorAlert error={turn.error} />}
          {turn.status === "stopped" && (
            <Text size="sm" c="dimmed">
              Stopped; the partial answer is kept above.
            </Text>
          )}
          {turn.stats && <GenerationStats stats={turn.stats} />}
          {turn.parameters && <TurnParametersLine parameters={turn.parameters} />}
          {isRatable(turn) && (
            <RatingWidget key={turn.id} queryId={turn.id} feedback={turn.feedback} />
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
