import type { TQualityRates } from "@codegenie/shared";
import { LineChart } from "@mantine/charts";
import { SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchQuality } from "./admin-api";
import { formatBucket, formatCount, formatRate } from "./admin-format";
import type { AdminRange } from "./admin-range";
import { ExportCsvButton, MetricCard, Panel, PanelState } from "./admin-ui";
import type { CsvColumn } from "./csv";
import { useLiveInterval } from "./live-refresh";

type GroupRow = TQualityRates & { group: string };

const RATE_COLUMNS: CsvColumn<GroupRow>[] = [
  { header: "Group", value: (row) => row.group },
  { header: "Code blocks", value: (row) => row.blocks },
  { header: "Syntax checked", value: (row) => row.syntaxChecked },
  { header: "Syntax valid", value: (row) => row.syntaxValid },
  { header: "Syntax valid rate", value: (row) => row.syntaxValidRate },
  { header: "Executed", value: (row) => row.executed },
  { header: "Execution succeeded", value: (row) => row.executionSucceeded },
  { header: "Execution success rate", value: (row) => row.executionSuccessRate },
];

/** A rate as a percentage for a chart; null (nothing measured) leaves a gap in the line. */
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/**
 * Quality of the code the models wrote: how much of it parses and how much of what was run
 * succeeded, per model, per language and over time (from `GET /api/admin/quality`).
 */
export function QualityTab({ range }: { range: AdminRange }) {
  const qualityQuery = useQuery({
    queryKey: ["admin", "quality", range],
    queryFn: ({ signal }) => fetchQuality(range, signal),
    placeholderData: keepPreviousData,
    refetchInterval: useLiveInterval(),
  });
  const quality = qualityQuery.data;
  if (!quality) return <PanelState query={qualityQuery} height={320} />;

  const trend = quality.overTime.map((point) => ({
    bucket: formatBucket(point.bucketStart, quality.bucket),
    syntaxValid: percent(point.syntaxValidRate),
    executionSuccess: percent(point.executionSuccessRate),
  }));
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <MetricCard label="Code blocks" value={formatCount(quality.overall.blocks)} />
        <MetricCard
          label="Syntax valid"
          value={formatRate(quality.overall.syntaxValidRate)}
          hint={`${formatCount(quality.overall.syntaxValid)} of ${formatCount(quality.overall.syntaxChecked)} checked`}
        />
        <MetricCard label="Executed" value={formatCount(quality.overall.executed)} />
        <MetricCard
          label="Execution success"
          value={formatRate(quality.overall.executionSuccessRate)}
          hint={`${formatCount(quality.overall.executionSucceeded)} of ${formatCount(quality.overall.executed)} runs`}
        />
      </SimpleGrid>
      <Panel title="Quality over time">
        {trend.length === 0 ? (
          <Text size="sm" c="dimmed">
            No code was checked in this range.
          </Text>
        ) : (
          <LineChart
            h={240}
            data={trend}
            dataKey="bucket"
            yAxisProps={{ domain: [0, 100] }}
            unit=" %"
            connectNulls
            withLegend
            series={[
              { name: "syntaxValid", label: "Syntax valid", color: "indigo.6" },
              { name: "executionSuccess", label: "Execution success", color: "teal.6" },
            ]}
          />
        )}
      </Panel>
      <RatesTable
        title="By model"
        table="quality-by-model"
        rows={quality.byModel.map((row) => ({ ...row, group: row.model }))}
      />
      <RatesTable
        title="By language"
        table="quality-by-language"
        rows={quality.byLanguage.map((row) => ({ ...row, group: row.language }))}
      />
    </Stack>
  );
}

function RatesTable({ title, table, rows }: { title: string; table: string; rows: GroupRow[] }) {
  return (
    <Panel
      title={title}
      actions={<ExportCsvButton table={table} columns={RATE_COLUMNS} rows={rows} />}
    >
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing checked in this range.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table aria-label={`Code quality ${title.toLowerCase()}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>
                  {title.replace("By ", "").replace(/^./, (c) => c.toUpperCase())}
                </Table.Th>
                <Table.Th ta="right">Blocks</Table.Th>
                <Table.Th ta="right">Syntax valid</Table.Th>
                <Table.Th ta="right">Executed</Table.Th>
                <Table.Th ta="right">Execution success</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.group}>
                  <Table.Td>{row.group}</Table.Td>
                  <Table.Td ta="right">{formatCount(row.blocks)}</Table.Td>
                  <Table.Td ta="right">{formatRate(row.syntaxValidRate)}</Table.Td>
                  <Table.Td ta="right">{formatCount(row.executed)}</Table.Td>
                  <Table.Td ta="right">{formatRate(row.executionSuccessRate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Panel>
  );
}
