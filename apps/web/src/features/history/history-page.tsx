import { Button, Group, Stack, Tabs, Text, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { ConversationsList } from "./conversations-list";
import {
  downloadHistoryExport,
  type HistoryExportFormat,
  type HistoryFilters,
} from "./history-api";
import { HistoryFiltersBar } from "./history-filters";
import { HistoryList } from "./history-list";

/** How long typing pauses before the list is searched, in milliseconds. */
const SEARCH_DEBOUNCE_MS = 300;

type HistoryTab = "requests" | "conversations";

/**
 * History: every generate and explain request, searchable and filterable, with the answer (even a
 * stopped one), its rating and Delete; the conversations, to reopen, rename or delete; and an
 * export of everything as JSON or Markdown. The tab is in the URL, so it survives a reload.
 */
export function HistoryPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: HistoryTab =
    searchParams.get("tab") === "conversations" ? "conversations" : "requests";
  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [filters, setFilters] = useState<HistoryFilters>({});

  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={2}>History</Title>
          <Text c="dimmed" size="sm">
            Everything you asked and every answer you got, including the ones you stopped.
          </Text>
        </div>
        <ExportButtons />
      </Group>

      <Tabs
        value={tab}
        onChange={(next) =>
          setSearchParams(next === "conversations" ? { tab: "conversations" } : {}, {
            replace: true,
          })
        }
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="requests">Requests</Tabs.Tab>
          <Tabs.Tab value="conversations">Conversations</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="requests" pt="md">
          <Stack gap="md">
            <HistoryFiltersBar
              search={search}
              onSearchChange={setSearch}
              filters={filters}
              onFiltersChange={setFilters}
            />
            <HistoryList filters={{ ...filters, q: debouncedSearch.trim() || undefined }} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="conversations" pt="md">
          <ConversationsList />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Download the whole history as a JSON or a Markdown file. */
function ExportButtons() {
  const exportFile = useFormSubmit({ send: downloadHistoryExport });
  const [format, setFormat] = useState<HistoryExportFormat | null>(null);
  const start = (next: HistoryExportFormat) => {
    setFormat(next);
    exportFile.submit(next);
  };
  return (
    <Stack gap="xs" align="flex-end">
      <Group gap="xs">
        <Button
          variant="default"
          size="sm"
          onClick={() => start("json")}
          loading={exportFile.isPending && format === "json"}
        >
          Export JSON
        </Button>
        <Button
          variant="default"
          size="sm"
          onClick={() => start("markdown")}
          loading={exportFile.isPending && format === "markdown"}
        >
          Export Markdown
        </Button>
      </Group>
      {exportFile.formError && <ErrorAlert error={exportFile.formError} />}
    </Stack>
  );
}
