import { Alert, Button, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import {
  CSV_MAX_ROWS,
  type CsvColumn,
  csvFileName,
  downloadCsv,
  fetchAllPages,
  toCsv,
} from "./csv";

/** Props of {@link ExportCsvButton}. */
export interface ExportCsvButtonProps<Row> {
  /** Names the file, e.g. "users" → codegenie-users-2025-06-01.csv. */
  table: string;
  columns: readonly CsvColumn<Row>[];
  /** The rows on screen: exported as they are when the table has no `fetchPage`. */
  rows: readonly Row[];
  /**
   * One page of the whole table with the filters on screen: the export then loads every page
   * (at most {@link CSV_MAX_ROWS} rows), not only the one shown.
   */
  fetchPage?: (page: number, pageSize: number) => Promise<{ rows: readonly Row[]; total: number }>;
}

/** Downloads the table as a CSV file, built in the browser. */
export function ExportCsvButton<Row>({
  table,
  columns,
  rows,
  fetchPage,
}: ExportCsvButtonProps<Row>) {
  const [isLoading, setIsLoading] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const exportAll = async () => {
    setNote(null);
    if (!fetchPage) {
      downloadCsv(csvFileName(table), toCsv(columns, rows));
      return;
    }
    setIsLoading(true);
    try {
      const all = await fetchAllPages(fetchPage);
      downloadCsv(csvFileName(table), toCsv(columns, all.rows));
      if (all.isCut) {
        setNote(
          `First ${CSV_MAX_ROWS.toLocaleString()} rows only: narrow the filters for the rest.`,
        );
      }
    } catch (error) {
      setNote(`Export failed: ${toApiError(error).message}`);
    } finally {
      setIsLoading(false);
    }
  };
  return (
    <Group gap="xs" wrap="nowrap">
      {note && (
        <Text size="xs" c="dimmed" role="status">
          {note}
        </Text>
      )}
      <Button
        variant="default"
        size="xs"
        disabled={rows.length === 0}
        loading={isLoading}
        onClick={() => void exportAll()}
      >
        Export CSV
      </Button>
    </Group>
  );
}

/** The parts of a TanStack query a panel needs to show its first load or its failure. */
export interface PanelQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data?: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

/**
 * Placeholders on the first load, the error with Try again when it fails and nothing has been
 * shown yet; null once there is data (a failed live refresh keeps the data on screen).
 */
export function PanelState({ query, height = 160 }: { query: PanelQuery; height?: number }) {
  if (query.data !== undefined) return null;
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
  return <Skeleton height={height} radius="md" aria-busy="true" aria-label="Loading" />;
}

/** A number with its name, e.g. "Total queries 1 234". */
export function MetricCard({
  label,
  value,
  hint,
}: {
  label: string;
  value: string;
  hint?: string;
}) {
  return (
    <Paper withBorder p="md" radius="md" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={26} fw={700} data-testid="metric-value">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** A titled block of the admin page, e.g. one chart. */
export function Panel({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <div style={{ display: "flex", justifyContent: "space-between", gap: 8, flexWrap: "wrap" }}>
          <Text fw={600}>{title}</Text>
          {actions}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

/** Said instead of a panel whose server endpoint this server does not have yet. */
export function UnavailableNotice({ feature }: { feature: string }) {
  return (
    <Alert color="gray" variant="light" title={`${feature} is not available`} role="status">
      This server does not offer it yet. Update the server to see it here.
    </Alert>
  );
}
