import { Alert, Button, Select, Stack, Text } from "@mantine/core";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import type { ModelChoice } from "./use-model-choice";

/** Props of {@link ModelSelect}. */
export interface ModelSelectProps {
  choice: ModelChoice;
  /** Validation message shown under the field. */
  error?: string | undefined;
  disabled?: boolean;
}

const UNAVAILABLE_HINT = "Not available: the model file is missing on the server";

/**
 * Picks the model to ask. Models whose files are missing are listed but disabled, with a hint, so
 * people see what exists and why they cannot use it; load failures and empty lists say what to do.
 */
export function ModelSelect({ choice, error, disabled }: ModelSelectProps) {
  const { modelsQuery, modelId, model, setModelId } = choice;

  if (modelsQuery.isError) {
    return (
      <ErrorAlert error={toApiError(modelsQuery.error)}>
        <Button
          size="xs"
          variant="light"
          w="fit-content"
          onClick={() => modelsQuery.refetch()}
          loading={modelsQuery.isFetching}
        >
          Try loading the models again
        </Button>
      </ErrorAlert>
    );
  }

  const models = modelsQuery.data ?? [];
  const hasAvailableModel = models.some((candidate) => candidate.isAvailable);
  return (
    <Stack gap="xs">
      <Select
        label="Model"
        placeholder={modelsQuery.isPending ? "Loading models…" : "Pick a model"}
        data={models.map((candidate) => ({
          value: candidate.id,
          label: candidate.name,
          disabled: !candidate.isAvailable,
        }))}
        value={modelId}
        onChange={setModelId}
        allowDeselect={false}
        disabled={disabled || modelsQuery.isPending}
        error={error}
        description={model ? `Prompt format: ${model.promptFormat}` : undefined}
        renderOption={({ option }) => (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            {option.disabled && (
              <Text size="xs" c="dimmed">
                {UNAVAILABLE_HINT}
              </Text>
            )}
          </Stack>
        )}
      />
      {modelsQuery.isSuccess && models.length === 0 && (
        <Alert color="yellow" variant="light" title="No models are configured">
          The server lists no models. An administrator can add one in the models file
          (CODEGENIE_MODELS_FILE) and restart the server.
        </Alert>
      )}
      {models.length > 0 && !hasAvailableModel && (
        <Alert color="yellow" variant="light" title="No model is ready">
          None of the models has its file on the server yet. An administrator can put a model's GGUF
          file in the server's models folder (
          <Text span ff="monospace">
            data/models/&lt;id&gt;.Q4_K_M.gguf
          </Text>
          ) or list one in the models file; see the README.
        </Alert>
      )}
    </Stack>
  );
}
