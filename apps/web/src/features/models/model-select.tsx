import type { TModelSummary } from "@codegenie/shared";
import { Alert, Button, Group, Select, Stack, Text } from "@mantine/core";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { useSession } from "../../lib/api/use-session";
import { unavailableHint } from "./model-status";
import type { ModelChoice } from "./use-model-choice";
import { usePullModel } from "./use-pull-model";

/** Props of {@link ModelSelect}. */
export interface ModelSelectProps {
  choice: ModelChoice;
  /** Validation message shown under the field. */
  error?: string | undefined;
  disabled?: boolean;
}

/**
 * Picks the model to ask. Models that cannot answer yet are listed but disabled, with why
 * ("Downloading 42%", "Not downloaded yet"), so people see what exists; administrators get a
 * Download button per missing model. Load failures and empty lists say what to do.
 */
export function ModelSelect({ choice, error, disabled }: ModelSelectProps) {
  const { modelsQuery, modelId, model, setModelId } = choice;
  const isAdmin = useSession().user?.role === "admin";

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
  const missingModels = models.filter(
    (candidate) => candidate.status === "not_downloaded" && candidate.isDownloadable,
  );
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
        renderOption={({ option }) => {
          const summary = models.find((candidate) => candidate.id === option.value);
          const hint = summary ? unavailableHint(summary) : null;
          return (
            <Stack gap={0}>
              <Text size="sm">{option.label}</Text>
              {hint && (
                <Text size="xs" c="dimmed">
                  {hint}
                </Text>
              )}
            </Stack>
          );
        }}
      />
      {modelsQuery.isSuccess && models.length === 0 && (
        <Alert color="yellow" variant="light" title="No models are configured">
          The server lists no models. An administrator can add one in the models file
          (CODEGENIE_MODELS_FILE) and restart the server.
        </Alert>
      )}
      {models.length > 0 && !hasAvailableModel && (
        <Alert color="yellow" variant="light" title="No model is ready">
          {models.some((candidate) => candidate.status === "downloading")
            ? "A model is being downloaded; it can answer once the download has finished."
            : "None of the models is downloaded yet. The first request for a built-in model starts its download, or an administrator can download one below or with `codegenie models pull <id>`."}
        </Alert>
      )}
      {isAdmin && missingModels.length > 0 && <DownloadButtons models={missingModels} />}
    </Stack>
  );
}

/** One Download button per missing model (administrators only); failures say why. */
function DownloadButtons({ models }: { models: TModelSummary[] }) {
  const pull = usePullModel();
  return (
    <Stack gap={6}>
      {models.map((missing) => (
        <Group key={missing.id} gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {missing.name}: not downloaded
          </Text>
          <Button
            size="compact-xs"
            variant="light"
            loading={pull.isPending && pull.variables === missing.id}
            disabled={pull.isPending && pull.variables !== missing.id}
            onClick={() => pull.mutate(missing.id)}
          >
            Download
          </Button>
        </Group>
      ))}
      {pull.isError && <ErrorAlert error={toApiError(pull.error)} />}
    </Stack>
  );
}
