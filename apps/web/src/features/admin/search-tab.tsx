import {
  ADMIN_SEARCH_TYPES,
  adminSearchWords,
  type TAdminSearchResponse,
  type TAdminSearchType,
} from "@codegenie/shared";
import {
  Anchor,
  Badge,
  Chip,
  Group,
  Pagination,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { formatDateTime } from "./admin-format";
import { PanelState } from "./admin-ui";
import { fetchAdminSearch } from "./dashboard-api";
import { HighlightedText } from "./highlighted-text";

const PAGE_SIZE = 10;

const TYPE_LABELS: Record<TAdminSearchType, string> = {
  users: "Users",
  history: "History",
  feedback: "Feedback",
  audit: "Audit log",
};

/** Where a user's page is: the Users tab with their history and feedback open. */
export const userLink = (userId: string) => `/admin?tab=users&user=${encodeURIComponent(userId)}`;

/** Props of {@link SearchTab}. */
export interface SearchTabProps {
  /** The search text in the URL (`?q=`), e.g. from the header's search box. */
  query: string;
  onQueryChange: (query: string | null) => void;
}

/**
 * Everything an administrator can find: users, history, feedback and audit entries matching the
 * words, grouped by type, best first, with the matches marked and a link to each.
 */
export function SearchTab({ query, onQueryChange }: SearchTabProps) {
  const [text, setText] = useState(query);
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const [types, setTypes] = useState<TAdminSearchType[]>([...ADMIN_SEARCH_TYPES]);
  const [page, setPage] = useState(1);
  // The header's box may change the URL while this tab is open; changes made here come back
  // equal to the debounced text and must not overwrite what was typed since.
  const debouncedRef = useRef(debounced);
  debouncedRef.current = debounced;
  useEffect(() => {
    if (query !== debouncedRef.current) setText(query);
  }, [query]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text matters.
  useEffect(() => {
    if (debounced !== query) onQueryChange(debounced || null);
    setPage(1);
  }, [debounced]);

  const isSearchable = adminSearchWords(debounced).length > 0 && types.length > 0;
  const searchQuery = useQuery({
    queryKey: ["admin", "search", debounced, types, page],
    queryFn: ({ signal }) => fetchAdminSearch(debounced, types, page, signal),
    enabled: isSearchable,
    placeholderData: keepPreviousData,
  });
  const results = isSearchable ? searchQuery.data : undefined;
  const largestTotal = Math.max(
    0,
    ...ADMIN_SEARCH_TYPES.map((type) => results?.[type]?.total ?? 0),
  );
  const pageCount = Math.ceil(largestTotal / PAGE_SIZE);

  return (
    <Stack gap="md">
      <TextInput
        type="search"
        label="Search everything"
        placeholder="A user id, email, words of a prompt, a comment or an audit action"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        maxLength={200}
      />
      <Chip.Group multiple value={types} onChange={(next) => setTypes(next.filter(isType))}>
        <Group gap="xs" role="group" aria-label="Look in">
          {ADMIN_SEARCH_TYPES.map((type) => (
            <Chip key={type} value={type} size="sm">
              {TYPE_LABELS[type]}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {!isSearchable ? (
        <Text size="sm" c="dimmed">
          Type a word (letters or digits) and pick at least one kind of result.
        </Text>
      ) : results ? (
        <>
          <SearchResults results={results} />
          {pageCount > 1 && (
            <Pagination
              total={Math.min(pageCount, 100)}
              value={page}
              onChange={setPage}
              aria-label="Pages of results"
            />
          )}
        </>
      ) : (
        <PanelState query={searchQuery} />
      )}
    </Stack>
  );
}

function isType(value: string): value is TAdminSearchType {
  return ADMIN_SEARCH_TYPES.some((type) => type === value);
}

function SearchResults({ results }: { results: TAdminSearchResponse }) {
  const groups = ADMIN_SEARCH_TYPES.filter((type) => results[type] !== undefined);
  const isEmpty = groups.every((type) => (results[type]?.total ?? 0) === 0);
  if (isEmpty) return <Text size="sm">Nothing matches “{results.q}”.</Text>;
  return (
    <Stack gap="lg">
      {results.users && results.users.total > 0 && (
        <ResultGroup type="users" total={results.users.total} capped={results.users.isTotalCapped}>
          {results.users.items.map((hit) => (
            <ResultCard key={hit.id} to={userLink(hit.id)} title={hit.displayName}>
              <HighlightedText size="sm" parts={hit.snippet} />
              <Text size="xs" c="dimmed">
                {hit.role} · joined {formatDateTime(hit.createdAt)}
              </Text>
            </ResultCard>
          ))}
        </ResultGroup>
      )}
      {results.history && results.history.total > 0 && (
        <ResultGroup
          type="history"
          total={results.history.total}
          capped={results.history.isTotalCapped}
        >
          {results.history.items.map((hit) => (
            <ResultCard
              key={hit.id}
              to={hit.userId ? userLink(hit.userId) : undefined}
              title={`${hit.kind === "generate" ? "Generate" : "Explain"} · ${hit.model} · ${hit.username ?? "deleted user"}`}
            >
              <HighlightedText size="sm" parts={hit.prompt} lineClamp={3} />
              {hit.answer.length > 0 && (
                <HighlightedText size="xs" c="dimmed" parts={hit.answer} lineClamp={2} />
              )}
              <Text size="xs" c="dimmed">
                {hit.status} · {formatDateTime(hit.createdAt)}
              </Text>
            </ResultCard>
          ))}
        </ResultGroup>
      )}
      {results.feedback && results.feedback.total > 0 && (
        <ResultGroup
          type="feedback"
          total={results.feedback.total}
          capped={results.feedback.isTotalCapped}
        >
          {results.feedback.items.map((hit) => (
            <ResultCard
              key={hit.id}
              to={userLink(hit.userId)}
              title={`${hit.rating} ★ by ${hit.username ?? "deleted user"}`}
            >
              <HighlightedText size="sm" parts={hit.comment} />
              <Text size="xs" c="dimmed">
                {hit.sentimentLabel ?? "no sentiment"} · {formatDateTime(hit.createdAt)}
              </Text>
            </ResultCard>
          ))}
        </ResultGroup>
      )}
      {results.audit && results.audit.total > 0 && (
        <ResultGroup type="audit" total={results.audit.total} capped={results.audit.isTotalCapped}>
          {results.audit.items.map((hit) => (
            <ResultCard
              key={hit.id}
              to={`/admin?tab=audit&action=${encodeURIComponent(hit.action)}`}
              title={hit.action}
            >
              <HighlightedText size="sm" parts={hit.snippet} />
              <Text size="xs" c="dimmed">
                {formatDateTime(hit.createdAt)}
              </Text>
            </ResultCard>
          ))}
        </ResultGroup>
      )}
    </Stack>
  );
}

function ResultGroup(props: {
  type: TAdminSearchType;
  total: number;
  capped: boolean;
  children: ReactNode;
}) {
  const headingId = `search-group-${props.type}`;
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Group gap="xs">
        <Title order={3} size="h5" id={headingId}>
          {TYPE_LABELS[props.type]}
        </Title>
        <Badge variant="light" size="sm">
          {props.capped ? `${props.total.toLocaleString()}+` : props.total.toLocaleString()}
        </Badge>
      </Group>
      <Stack gap="xs" component="ul" p={0} m={0} aria-labelledby={headingId}>
        {props.children}
      </Stack>
    </Stack>
  );
}

function ResultCard(props: { to?: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" component="li" style={{ listStyle: "none" }}>
      {props.to ? (
        <Anchor component={Link} to={props.to} fw={600} size="sm">
          {props.title}
        </Anchor>
      ) : (
        <Text fw={600} size="sm">
          {props.title}
        </Text>
      )}
      {props.children}
    </Paper>
  );
}
