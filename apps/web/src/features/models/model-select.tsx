import type { TModelSummary } from "@codegenie/shared";
import { Alert, Badge, Button, Group, Select, Stack, Text } from "@mantine/core";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { useSession } from "../../lib/api/use-session";
import {
  liveModelStatus,
  modelStatusLabel,
  TASK_LABELS,
  type WaitingRequest,
} from "./model-status";
import type { ModelChoice } from "./use-model-choice";
import { usePullModel } from "./use-pull-model";

/** Props of {@link ModelSelect}. */
export interface ModelSelectProps {
  choice: ModelChoice;
  /** Validation message shown under the field. */
  error?: string | undefined;
  disabled?: boolean;
  /** The user's request while it waits for this model (queued or loading); null otherwise. */
  waiting?: WaitingRequest | null;
}

/**
 * Picks the model to ask. Each model is listed with its purpose and status; models that cannot
 * answer yet are disabled, with why ("Downloading 42%", "Not downloaded"), so people see what
 * exists; administrators get a Download button per missing model. Under the field, the chosen
 * model's status follows the user's request (loading, busy with the queue position). Load
 * failures and empty lists say what to do.
 */
export function ModelSelect({ choice, error, disabled, waiting = null }: ModelSelectProps) {
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
        description={model ? <ChosenModelStatus model={model} waiting={waiting} /> : undefined}
        renderOption={({ option }) => {
          const summary = models.find((candidate) => candidate.id === option.value);
          if (!summary) return option.label;
          const status = modelStatusLabel(summary);
          return (
            <Group justify="space-between" wrap="nowrap" gap="xs" w="100%">
              <Stack gap={0}>
                <Text size="sm">{option.label}</Text>
                <Text size="xs" c="dimmed">
                  {TASK_LABELS[summary.task]}
                </Text>
              </Stack>
              <Badge size="xs" variant="light" color={status.color}>
                {status.label}
              </Badge>
            </Group>
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

/** The chosen model's purpose and status, live while the user's request waits for it. */
function ChosenModelStatus({
  model,
  waiting,
}: {
  model: TModelSummary;
  waiting: WaitingRequest | null;
}) {
  const status = liveModelStatus(model, waiting);
  return (
    <Text span size="xs" c="dimmed" data-testid="model-status">
      {TASK_LABELS[model.task]} ·{" "}
      <Text span size="xs" c={status.color} fw={500}>
        {status.label}
      </Text>
    </Text>
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
