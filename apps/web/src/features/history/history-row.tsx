import type { THistoryItem } from "@codegenie/shared";
import { Badge, Group, Paper, Text, UnstyledButton } from "@mantine/core";
import {
  describeLanguageAndStyle,
  formatDateTime,
  KIND_LABELS,
  preview,
  STATUS_COLORS,
  STATUS_LABELS,
} from "./history-format";

/** Props of {@link HistoryRow}. */
export interface HistoryRowProps {
  item: THistoryItem;
  /** The model's name, for people (the row only has its id). */
  modelName: string;
  onOpen: (item: THistoryItem) => void;
}

/**
 * One request in the list: kind, status, model, language/style and date, then the start of the
 * prompt or code and of the answer (a stopped row shows its partial answer). The whole row is one
 * button that opens it; its text is its accessible name, so the status is read out too.
 */
export function HistoryRow({ item, modelName, onOpen }: HistoryRowProps) {
  const details = describeLanguageAndStyle(item);
  return (
    <Paper component="li" withBorder style={{ listStyle: "none" }}>
      <UnstyledButton
        onClick={() => onOpen(item)}
        p="sm"
        w="100%"
        style={{ display: "block", borderRadius: "inherit" }}
      >
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Badge variant="light" color="indigo">
              {KIND_LABELS[item.kind]}
            </Badge>
            <Badge variant="light" color={STATUS_COLORS[item.status]}>
              {STATUS_LABELS[item.status]}
            </Badge>
            <Text size="sm" fw={500}>
              {modelName}
            </Text>
            {details && (
              <Text size="sm" c="dimmed">
                {details}
              </Text>
            )}
          </Group>
          <Text size="xs" c="dimmed" component="time" dateTime={item.createdAt}>
            {formatDateTime(item.createdAt)}
          </Text>
        </Group>
        <Text size="sm" mt={6} ff={item.kind === "explain" ? "monospace" : undefined} lineClamp={2}>
          {preview(item.prompt)}
        </Text>
        <Text size="sm" c="dimmed" mt={4} lineClamp={2} data-testid="history-answer-preview">
          {item.answer ? preview(item.answer) : "(no answer text)"}
        </Text>
      </UnstyledButton>
    </Paper>
  );
}
