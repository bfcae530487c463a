import type { TQueryKind } from "@codegenie/shared";
import { Grid, Select, TextInput } from "@mantine/core";
import { useModels } from "../models/use-models";
import type { HistoryFilters } from "./history-api";
import { KIND_LABELS } from "./history-format";

/** Props of {@link HistoryFiltersBar}. */
export interface HistoryFiltersBarProps {
  /** The search text as typed (the list follows it after a short pause). */
  search: string;
  onSearchChange: (search: string) => void;
  filters: HistoryFilters;
  onFiltersChange: (filters: HistoryFilters) => void;
}

const KIND_OPTIONS = [
  { value: "generate", label: KIND_LABELS.generate },
  { value: "explain", label: KIND_LABELS.explain },
];

function isKind(value: string | null): value is TQueryKind {
  return value === "generate" || value === "explain";
}

/** Search text, kind and model: what narrows the history list. Cleared fields mean "all". */
export function HistoryFiltersBar(props: HistoryFiltersBarProps) {
  const { search, onSearchChange, filters, onFiltersChange } = props;
  const modelsQuery = useModels();
  const modelOptions = (modelsQuery.data ?? []).map((model) => ({
    value: model.id,
    label: model.name,
  }));

  return (
    // On a phone the search takes a row and the two filters share the next.
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <TextInput
          type="search"
          label="Search"
          placeholder="Words in the prompt, code or answer"
          value={search}
          onChange={(event) => onSearchChange(event.currentTarget.value)}
          maxLength={200}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 3 }}>
        <Select
          label="Kind"
          placeholder="All kinds"
          data={KIND_OPTIONS}
          value={filters.kind ?? null}
          onChange={(kind) =>
            onFiltersChange({ ...filters, kind: isKind(kind) ? kind : undefined })
          }
          clearable
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 3 }}>
        <Select
          label="Model"
          placeholder="All models"
          data={modelOptions}
          value={filters.model ?? null}
          onChange={(model) => onFiltersChange({ ...filters, model: model ?? undefined })}
          clearable
        />
      </Grid.Col>
    </Grid>
  );
}
