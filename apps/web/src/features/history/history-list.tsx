import type { THistoryItem } from "@codegenie/shared";
import { Stack } from "@mantine/core";
import { useState } from "react";
import { useModels } from "../models/use-models";
import type { HistoryFilters } from "./history-api";
import { HistoryDetail } from "./history-detail";
import { HistoryRow } from "./history-row";
import { ListStates, LoadMoreButton } from "./list-states";
import { useHistoryList } from "./use-history";

/** Props of {@link HistoryList}. */
export interface HistoryListProps {
  filters: HistoryFilters;
}

/** The user's requests matching the filters, newest first, page by page; a row opens in a dialog. */
export function HistoryList({ filters }: HistoryListProps) {
  const history = useHistoryList(filters);
  const models = useModels();
  const [opened, setOpened] = useState<THistoryItem | null>(null);
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  const isFiltered = Boolean(filters.q?.trim() || filters.kind || filters.model);
  const modelName = (modelId: string) =>
    models.data?.find((model) => model.id === modelId)?.name ?? modelId;

  return (
    <Stack gap="sm">
      <ListStates
        query={history}
        isEmpty={items.length === 0}
        emptyTitle={isFiltered ? "Nothing matches" : "No history yet"}
        emptyText={
          isFiltered
            ? "Try other words, or clear the kind and model filters."
            : "Everything you ask on the Generate and Explain pages is kept here, including answers you stopped."
        }
      />
      {items.length > 0 && (
        <Stack
          component="ul"
          gap="sm"
          p={0}
          m={0}
          aria-label="History"
          aria-busy={history.isFetching}
        >
          {items.map((item) => (
            <HistoryRow
              key={item.id}
              item={item}
              modelName={modelName(item.model)}
              onOpen={setOpened}
            />
          ))}
        </Stack>
      )}
      <LoadMoreButton query={history} />
      <HistoryDetail item={opened} modelName={modelName} onClose={() => setOpened(null)} />
    </Stack>
  );
}
