import { Button, Center, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";

/** The parts of a TanStack infinite query that the list states need. */
export interface PagedQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** Props of {@link ListStates}. */
export interface ListStatesProps {
  query: PagedQuery;
  /** True when the loaded pages hold no rows. */
  isEmpty: boolean;
  emptyTitle: string;
  emptyText: string;
}

/**
 * What a list shows instead of rows: placeholders while the first page loads, the error with a
 * Retry button, or an empty state saying how rows get there. Nothing once there are rows.
 */
export function ListStates({ query, isEmpty, emptyTitle, emptyText }: ListStatesProps) {
  if (query.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading">
        {[0, 1, 2].map((index) => (
          <Skeleton key={index} height={72} radius="md" />
        ))}
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <ErrorAlert error={toApiError(query.error)}>
        <Button
          size="xs"
          variant="light"
          w="fit-content"
          onClick={() => query.refetch()}
          loading={query.isFetching}
        >
          Try again
        </Button>
      </ErrorAlert>
    );
  }
  if (!isEmpty) return null;
  return (
    <Paper withBorder p="xl">
      <Center>
        <Stack gap={4} align="center" ta="center">
          <Text fw={600}>{emptyTitle}</Text>
          <Text size="sm" c="dimmed" maw={420}>
            {emptyText}
          </Text>
        </Stack>
      </Center>
    </Paper>
  );
}

/** "Load more" under a list, while the server has more pages. */
export function LoadMoreButton({ query }: { query: PagedQuery }) {
  if (!query.hasNextPage) return null;
  return (
    <Center>
      <Button
        variant="default"
        onClick={() => query.fetchNextPage()}
        loading={query.isFetchingNextPage}
      >
        Load more
      </Button>
    </Center>
  );
}
