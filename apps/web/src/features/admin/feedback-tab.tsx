import type { TAdminFeedbackItem } from "@codegenie/shared";
import {
  Badge,
  CloseButton,
  Group,
  Pagination,
  Select,
  Stack,
  Switch,
  Table,
  Text,
} from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useModels } from "../models/use-models";
import { formatDateTime, formatSentimentMean } from "./admin-format";
import type { AdminRange } from "./admin-range";
import { ExportCsvButton, Panel, PanelState } from "./admin-ui";
import type { CsvColumn } from "./csv";
import { type FeedbackFilters, fetchAdminFeedback, fetchWordCloud } from "./dashboard-api";
import { useLiveInterval } from "./live-refresh";
import { WordCloud } from "./word-cloud";

const PAGE_SIZE = 25;

const FEEDBACK_COLUMNS: CsvColumn<TAdminFeedbackItem>[] = [
  { header: "When", value: (row) => row.createdAt },
  { header: "User", value: (row) => row.user.username },
  { header: "Rating", value: (row) => row.rating },
  { header: "Sentiment", value: (row) => row.sentiment?.label },
  { header: "Sentiment score", value: (row) => row.sentiment?.compound },
  { header: "Comment", value: (row) => row.comment },
  { header: "Model", value: (row) => row.model },
  { header: "Kind", value: (row) => row.kind },
];

const SENTIMENTS = ["positive", "neutral", "negative"] as const;
type Sentiment = (typeof SENTIMENTS)[number];
const SENTIMENT_COLORS: Record<Sentiment, string> = {
  positive: "green",
  neutral: "gray",
  negative: "red",
};

function isSentiment(value: string | null): value is Sentiment {
  return SENTIMENTS.some((sentiment) => sentiment === value);
}

/** Props of {@link FeedbackTab}. */
export interface FeedbackTabProps {
  range: AdminRange;
  /** The word-cloud term the table is narrowed to (`?word=` in the URL), if any. */
  word: string | null;
  onWordChange: (word: string | null) => void;
}

/**
 * What people say: the word cloud of their comments (optionally of complaints only) and the
 * feedback table, filtered by rating, sentiment, model and a word picked in the cloud.
 */
export function FeedbackTab({ range, word, onWordChange }: FeedbackTabProps) {
  const liveInterval = useLiveInterval();
  const [isNegativeOnly, setNegativeOnly] = useState(false);
  const [filters, setFilters] = useState<Omit<FeedbackFilters, "word" | "page" | "pageSize">>({});
  const [page, setPage] = useState(1);
  const cloudSentiment = isNegativeOnly ? "negative" : undefined;
  const cloudQuery = useQuery({
    queryKey: ["admin", "wordcloud", range.preset, cloudSentiment],
    queryFn: ({ signal }) => fetchWordCloud(range, cloudSentiment, signal),
    placeholderData: keepPreviousData,
    refetchInterval: liveInterval,
  });
  const tableFilters: FeedbackFilters = {
    ...filters,
    word: word ?? undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const feedbackQuery = useQuery({
    queryKey: ["admin", "feedback", range.preset, tableFilters],
    queryFn: ({ signal }) => fetchAdminFeedback(range, tableFilters, signal),
    placeholderData: keepPreviousData,
    refetchInterval: liveInterval,
  });
  const modelsQuery = useModels();
  const rows = feedbackQuery.data?.feedback ?? [];
  const pageCount = Math.max(1, Math.ceil((feedbackQuery.data?.total ?? 0) / PAGE_SIZE));
  const changeFilters = (next: typeof filters) => {
    setFilters(next);
    setPage(1);
  };

  return (
    <Stack gap="md">
      <Panel
        title="What comments talk about"
        actions={
          <Switch
            label="Complaints only"
            checked={isNegativeOnly}
            onChange={(event) => setNegativeOnly(event.currentTarget.checked)}
          />
        }
      >
        {cloudQuery.data ? (
          cloudQuery.data.terms.length === 0 ? (
            <Text size="sm" c="dimmed">
              No comments in this range.
            </Text>
          ) : (
            <>
              <WordCloud
                terms={cloudQuery.data.terms}
                selected={word}
                // A few words need less room than a full cloud.
                height={cloudQuery.data.terms.length < 15 ? 200 : 300}
                onSelect={(term) => {
                  onWordChange(term === word ? null : term);
                  setPage(1);
                }}
              />
              <Text size="xs" c="dimmed">
                From {cloudQuery.data.comments.toLocaleString()} comments. Bigger words are in more
                comments; colour is their mean sentiment, red (negative) to green (positive). Pick a
                word to list its comments.
              </Text>
            </>
          )
        ) : (
          <PanelState query={cloudQuery} height={300} />
        )}
      </Panel>

      <Panel
        title="Feedback"
        actions={
          <ExportCsvButton
            table="feedback"
            columns={FEEDBACK_COLUMNS}
            rows={rows}
            fetchPage={(page, pageSize) =>
              fetchAdminFeedback(range, { ...tableFilters, page, pageSize }).then((answer) => ({
                rows: answer.feedback,
                total: answer.total,
              }))
            }
          />
        }
      >
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="Rating"
            placeholder="Any rating"
            data={["5", "4", "3", "2", "1"].map((value) => ({ value, label: `${value} ★` }))}
            value={filters.rating ? String(filters.rating) : null}
            onChange={(value) =>
              changeFilters({ ...filters, rating: value ? Number(value) : undefined })
            }
            clearable
            w={140}
          />
          <Select
            label="Sentiment"
            placeholder="Any sentiment"
            data={SENTIMENTS.map((value) => ({ value, label: value }))}
            value={filters.sentiment ?? null}
            onChange={(value) =>
              changeFilters({ ...filters, sentiment: isSentiment(value) ? value : undefined })
            }
            clearable
            w={160}
          />
          <Select
            label="Model"
            placeholder="Any model"
            data={(modelsQuery.data ?? []).map((model) => ({ value: model.id, label: model.name }))}
            value={filters.model ?? null}
            onChange={(value) => changeFilters({ ...filters, model: value ?? undefined })}
            clearable
            w={200}
          />
          {word && (
            <Badge
              size="lg"
              variant="light"
              rightSection={
                <CloseButton
                  size="xs"
                  aria-label={`Show all comments, not only those with “${word}”`}
                  onClick={() => onWordChange(null)}
                />
              }
            >
              Comments with “{word}”
            </Badge>
          )}
        </Group>
        <PanelState query={feedbackQuery} />
        {feedbackQuery.data && (
          <>
            <Text size="sm" c="dimmed" aria-live="polite">
              {feedbackQuery.data.total === 1
                ? "1 comment or rating"
                : `${feedbackQuery.data.total.toLocaleString()} comments and ratings`}
            </Text>
            <FeedbackTable rows={rows} />
            {pageCount > 1 && (
              <Pagination
                total={pageCount}
                value={page}
                onChange={setPage}
                aria-label="Pages of feedback"
              />
            )}
          </>
        )}
      </Panel>
    </Stack>
  );
}

function FeedbackTable({ rows }: { rows: TAdminFeedbackItem[] }) {
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No feedback matches.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped aria-label="Feedback">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>User</Table.Th>
            <Table.Th>Rating</Table.Th>
            <Table.Th>Sentiment</Table.Th>
            <Table.Th>Comment</Table.Th>
            <Table.Th>Model</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id} data-testid="feedback-row">
              <Table.Td>
                <Text size="sm">{formatDateTime(row.createdAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{row.user.username}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" aria-label={`${row.rating} of 5 stars`}>
                  {"★".repeat(row.rating)}
                  <Text span c="dimmed">
                    {"☆".repeat(5 - row.rating)}
                  </Text>
                </Text>
              </Table.Td>
              <Table.Td>
                {row.sentiment && (
                  <Badge variant="light" color={SENTIMENT_COLORS[row.sentiment.label]}>
                    {row.sentiment.label} {formatSentimentMean(row.sentiment.compound)}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td maw={420}>
                <Text size="sm" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
                  {row.comment ?? ""}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {row.model} · {row.kind}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
