import type { TModelMetrics } from "@codegenie/shared";
import { AreaChart, BarChart } from "@mantine/charts";
import { SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  formatBucketLabel,
  formatCount,
  formatDecimal,
  formatDuration,
  formatSentimentMean,
} from "./admin-format";
import type { AdminRange } from "./admin-range";
import { ExportCsvButton, MetricCard, Panel, PanelState } from "./admin-ui";
import type { CsvColumn } from "./csv";
import { fetchMetrics } from "./dashboard-api";
import { useLiveInterval } from "./live-refresh";

/** Colours of the models' series, in order of their query counts. */
const MODEL_COLORS = ["indigo.6", "teal.6", "orange.6", "grape.6", "cyan.6", "pink.6", "lime.6"];

const MODEL_COLUMNS: CsvColumn<TModelMetrics>[] = [
  { header: "Model", value: (row) => row.model },
  { header: "Queries", value: (row) => row.queries },
  { header: "Completed", value: (row) => row.completed },
  { header: "Failed", value: (row) => row.failed },
  { header: "Cancelled", value: (row) => row.cancelled },
  { header: "Latency p50 (ms)", value: (row) => row.latencyMs.p50 },
  { header: "Latency p95 (ms)", value: (row) => row.latencyMs.p95 },
  { header: "First token p50 (ms)", value: (row) => row.timeToFirstTokenMs.p50 },
  { header: "First token p95 (ms)", value: (row) => row.timeToFirstTokenMs.p95 },
  { header: "Tokens per second", value: (row) => row.tokensPerSecond },
  { header: "Ratings", value: (row) => row.ratings },
  { header: "Average rating", value: (row) => row.averageRating },
];

/**
 * Usage at a glance for the chosen range: figures, queries per bucket and model, each model's
 * speed, the ratings and the sentiment of comments over time (`GET /api/admin/metrics`).
 */
export function OverviewTab({ range }: { range: AdminRange }) {
  const metricsQuery = useQuery({
    queryKey: ["admin", "metrics", range],
    queryFn: ({ signal }) => fetchMetrics(range, signal),
    placeholderData: keepPreviousData,
    refetchInterval: useLiveInterval(),
  });
  const metrics = metricsQuery.data;
  if (!metrics) return <PanelState query={metricsQuery} height={420} />;

  const models = metrics.models.map((model) => model.model);
  const queriesOverTime = metrics.overTime.map((row) => ({
    bucket: formatBucketLabel(row.bucketLabel, metrics.bucket),
    ...Object.fromEntries(models.map((model) => [model, row.queriesByModel[model] ?? 0])),
  }));
  const sentimentOverTime = metrics.overTime.map((row) => ({
    bucket: formatBucketLabel(row.bucketLabel, metrics.bucket),
    positive: row.sentiment.positive,
    neutral: row.sentiment.neutral,
    negative: row.sentiment.negative,
  }));
  const latency = metrics.models.map((model) => ({
    model: model.model,
    p50: model.latencyMs.p50 === null ? null : model.latencyMs.p50 / 1000,
    p95: model.latencyMs.p95 === null ? null : model.latencyMs.p95 / 1000,
  }));
  const { byKind } = metrics.queries;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        <MetricCard
          label="Total queries"
          value={formatCount(metrics.queries.total)}
          hint={`${formatCount(byKind.generate)} generate · ${formatCount(byKind.explain)} explain`}
        />
        <MetricCard label="Active users 24 h" value={formatCount(metrics.activeUsers.last24h)} />
        <MetricCard label="Active users 7 d" value={formatCount(metrics.activeUsers.last7d)} />
        <MetricCard label="Active users 30 d" value={formatCount(metrics.activeUsers.last30d)} />
        <MetricCard
          label="Average rating"
          value={formatDecimal(metrics.ratings.average, 2)}
          hint={`${formatCount(metrics.ratings.count)} ratings`}
        />
        <MetricCard
          label="Sentiment mean"
          value={formatSentimentMean(metrics.sentiment.mean)}
          hint={`${formatCount(metrics.sentiment.comments)} comments, −1 … +1`}
        />
      </SimpleGrid>

      <Panel title={`Queries per ${metrics.bucket}`}>
        <AreaChart
          h={260}
          data={queriesOverTime}
          dataKey="bucket"
          type="stacked"
          withLegend
          curveType="monotone"
          yAxisProps={{ allowDecimals: false }}
          series={[
            ...models.map((model, index) => ({
              name: model,
              color: MODEL_COLORS[index % MODEL_COLORS.length] ?? "indigo.6",
            })),
          ]}
          withDots={false}
        />
      </Panel>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Panel title="Latency per model (seconds)">
          {latency.length === 0 ? (
            <Empty />
          ) : (
            <BarChart
              h={240}
              data={latency}
              dataKey="model"
              withLegend
              series={[
                { name: "p50", label: "p50", color: "indigo.5" },
                { name: "p95", label: "p95", color: "orange.5" },
              ]}
              valueFormatter={(value) => `${value.toFixed(2)} s`}
            />
          )}
        </Panel>
        <Panel title="Rating distribution">
          <BarChart
            h={240}
            data={metrics.ratings.distribution.map((row) => ({
              rating: `${row.rating} ★`,
              count: row.count,
            }))}
            dataKey="rating"
            yAxisProps={{ allowDecimals: false }}
            series={[{ name: "count", label: "Ratings", color: "yellow.6" }]}
          />
        </Panel>
      </SimpleGrid>

      <Panel title="Sentiment of comments over time">
        <BarChart
          h={240}
          data={sentimentOverTime}
          dataKey="bucket"
          yAxisProps={{ allowDecimals: false }}
          type="stacked"
          withLegend
          series={[
            { name: "positive", label: "Positive", color: "green.6" },
            { name: "neutral", label: "Neutral", color: "gray.5" },
            { name: "negative", label: "Negative", color: "red.6" },
          ]}
        />
      </Panel>

      <Panel
        title="Per model"
        actions={<ExportCsvButton table="models" columns={MODEL_COLUMNS} rows={metrics.models} />}
      >
        {metrics.models.length === 0 ? <Empty /> : <ModelsTable models={metrics.models} />}
      </Panel>
    </Stack>
  );
}

function Empty() {
  return (
    <Text size="sm" c="dimmed">
      No queries in this range.
    </Text>
  );
}

function ModelsTable({ models }: { models: TModelMetrics[] }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped aria-label="Per model">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model</Table.Th>
            <Table.Th ta="right">Queries</Table.Th>
            <Table.Th ta="right">Failed</Table.Th>
            <Table.Th ta="right">Cancelled</Table.Th>
            <Table.Th ta="right">Latency p50 / p95</Table.Th>
            <Table.Th ta="right">First token p50 / p95</Table.Th>
            <Table.Th ta="right">Tokens/s</Table.Th>
            <Table.Th ta="right">Avg. rating</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {models.map((row) => (
            <Table.Tr key={row.model} data-testid="model-row">
              <Table.Td>{row.model}</Table.Td>
              <Table.Td ta="right">{formatCount(row.queries)}</Table.Td>
              <Table.Td ta="right">{formatCount(row.failed)}</Table.Td>
              <Table.Td ta="right">{formatCount(row.cancelled)}</Table.Td>
              <Table.Td ta="right">
                {formatDuration(row.latencyMs.p50)} / {formatDuration(row.latencyMs.p95)}
              </Table.Td>
              <Table.Td ta="right">
                {formatDuration(row.timeToFirstTokenMs.p50)} /{" "}
                {formatDuration(row.timeToFirstTokenMs.p95)}
              </Table.Td>
              <Table.Td ta="right">{formatDecimal(row.tokensPerSecond, 1)}</Table.Td>
              <Table.Td ta="right">{formatDecimal(row.averageRating, 2)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
