import type { THistoryItem } from "@codegenie/shared";
import {
  Alert,
  Badge,
  Box,
  Button,
  Code,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useState } from "react";
import { Link } from "react-router";
import { AnswerMarkdown } from "../../components/answer-markdown/answer-markdown";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { EXPLAIN_STYLE_INFO } from "../explain/explain-styles";
import { LANGUAGE_LABELS } from "../explain/language-labels";
import { RatingWidget } from "../feedback/rating-widget";
import { formatDuration } from "../generate/generation-stats";
import { formatDateTime, KIND_LABELS, STATUS_COLORS, STATUS_LABELS } from "./history-format";
import { useDeleteHistoryItem, useHistoryItem } from "./use-history";

/** Props of {@link HistoryDetail}. */
export interface HistoryDetailProps {
  /** The row as the list showed it; shown at once while the fresh copy loads. */
  item: THistoryItem | null;
  modelName: (modelId: string) => string;
  onClose: () => void;
}

/**
 * One request opened: the prompt or code, the answer, the parameters it ran with, its tokens and
 * timings, its rating, and Delete (asked twice). Full screen on phones.
 */
export function HistoryDetail({ item, modelName, onClose }: HistoryDetailProps) {
  const isPhone = useMediaQuery("(max-width: 36em)");
  const fresh = useHistoryItem(item?.id ?? null);
  const shown = fresh.data ?? item;

  return (
    <Modal
      opened={item !== null}
      onClose={onClose}
      size="xl"
      fullScreen={isPhone}
      title={
        shown ? `${KIND_LABELS[shown.kind]} · ${formatDateTime(shown.createdAt)}` : "History entry"
      }
    >
      {shown && (
        <DetailBody
          item={shown}
          modelName={modelName(shown.model)}
          isRefreshing={fresh.isFetching}
          loadError={fresh.isError ? toApiError(fresh.error) : null}
          onDeleted={onClose}
        />
      )}
    </Modal>
  );
}

interface DetailBodyProps {
  item: THistoryItem;
  modelName: string;
  isRefreshing: boolean;
  loadError: ReturnType<typeof toApiError> | null;
  onDeleted: () => void;
}

function DetailBody({ item, modelName, isRefreshing, loadError, onDeleted }: DetailBodyProps) {
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge variant="light" color={STATUS_COLORS[item.status]}>
          {STATUS_LABELS[item.status]}
        </Badge>
        <Text size="sm" fw={500}>
          {modelName}
        </Text>
        {isRefreshing && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      {loadError && <ErrorAlert error={loadError} />}

      <section aria-label={item.kind === "explain" ? "Code" : "Prompt"}>
        <Title order={3} size="h5" mb={4}>
          {item.kind === "explain" ? "Code" : "Prompt"}
        </Title>
        <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", maxHeight: 320 }}>
          {item.prompt}
        </Code>
      </section>

      <section aria-label="Answer">
        <Title order={3} size="h5" mb={4}>
          Answer
        </Title>
        {item.status === "cancelled" && (
          <Alert color="orange" variant="light" mb="xs" title="Stopped">
            The answer was stopped before it finished; this is the part that had been written.
          </Alert>
        )}
        {item.status === "failed" && item.error && (
          <Alert color="red" variant="light" mb="xs" title="Failed">
            {item.error.message}{" "}
            <Text span ff="monospace" size="xs">
              ({item.error.code})
            </Text>
          </Alert>
        )}
        {item.answer ? (
          <Box data-testid="history-answer">
            <AnswerMarkdown
              text={item.answer}
              queryId={item.id}
              isFinished={item.status === "completed" || item.status === "cancelled"}
            />
          </Box>
        ) : (
          <Text size="sm" c="dimmed">
            No answer text was written.
          </Text>
        )}
      </section>

      <RunFacts item={item} />

      {item.status !== "running" && (
        <section aria-label="Rating">
          <RatingWidget key={item.id} queryId={item.id} feedback={item.feedback} />
        </section>
      )}

      <Actions item={item} onDeleted={onDeleted} />
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" fw={500} m={0}>
        {value}
      </Text>
    </Stack>
  );
}

const orDash = (value: number | null, format: (value: number) => string = String) =>
  value === null ? "–" : format(value);

/** Parameters, tokens and timings as a description list. */
function RunFacts({ item }: { item: THistoryItem }) {
  const { parameters } = item;
  return (
    <SimpleGrid
      component="dl"
      cols={{ base: 2, sm: 4 }}
      spacing="sm"
      m={0}
      aria-label="Parameters and timings"
    >
      {item.language && <Fact label="Language" value={LANGUAGE_LABELS[item.language]} />}
      {item.style && <Fact label="Style" value={EXPLAIN_STYLE_INFO[item.style].label} />}
      <Fact label="Max tokens" value={String(parameters.maxTokens)} />
      <Fact label="Temperature" value={orDash(parameters.temperature)} />
      <Fact label="Top-p" value={orDash(parameters.topP)} />
      <Fact label="Prompt tokens" value={orDash(item.promptTokens)} />
      <Fact label="Answer tokens" value={orDash(item.completionTokens)} />
      <Fact label="First token after" value={orDash(item.timeToFirstTokenMs, formatDuration)} />
      <Fact label="Duration" value={orDash(item.durationMs, formatDuration)} />
    </SimpleGrid>
  );
}

/** Reopen the conversation (generate turns) and Delete, which asks first. */
function Actions({ item, onDeleted }: { item: THistoryItem; onDeleted: () => void }) {
  const [isConfirming, setConfirming] = useState(false);
  const deletion = useDeleteHistoryItem();

  if (isConfirming) {
    return (
      <Alert color="red" variant="light" title="Delete this entry?">
        <Stack gap="sm">
          <Text size="sm">The prompt, the answer and its rating are deleted for good.</Text>
          {deletion.isError && <ErrorAlert error={toApiError(deletion.error)} />}
          <Group gap="sm" justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              Keep it
            </Button>
            <Button
              color="red"
              loading={deletion.isPending}
              onClick={() => deletion.mutate(item.id, { onSuccess: onDeleted })}
            >
              Delete for good
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  return (
    <Group justify="space-between" gap="sm">
      {item.conversationId ? (
        <Button
          variant="light"
          component={Link}
          to={`/generate?conversation=${encodeURIComponent(item.conversationId)}`}
        >
          Reopen conversation
        </Button>
      ) : (
        <span />
      )}
      <Button color="red" variant="outline" onClick={() => setConfirming(true)}>
        Delete…
      </Button>
    </Group>
  );
}
