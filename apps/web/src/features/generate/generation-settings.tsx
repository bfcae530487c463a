import { LANGUAGES, type TLanguage } from "@codegenie/shared";
import { Badge, Button, Paper, Select, SimpleGrid, Stack } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { ModelSelect } from "../models/model-select";
import type { WaitingRequest } from "../models/model-status";
import type { ModelChoice } from "../models/use-model-choice";
import { AdvancedSettings } from "./advanced-settings";
import { useProjectContext } from "./generate-api";
import type { GenerateFormErrors, GenerateFormValues } from "./generate-form-values";
import { LANGUAGE_NAMES } from "./language-names";
import { ProjectContextModal } from "./project-context-modal";

type SettingField = "language" | "maxTokens" | "temperature" | "topP";

/** Props of {@link GenerationSettings}. */
export interface GenerationSettingsProps {
  modelChoice: ModelChoice;
  values: Pick<GenerateFormValues, SettingField>;
  errors: GenerateFormErrors;
  onChange: <K extends SettingField>(field: K, value: GenerateFormValues[K]) => void;
  /** The user's request while it waits for the model; shown as the model's live status. */
  waiting: WaitingRequest | null;
  disabled: boolean;
}

const LANGUAGE_OPTIONS = LANGUAGES.map((language) => ({
  value: language,
  label: LANGUAGE_NAMES[language],
}));

const isLanguage = (value: string | null): value is TLanguage =>
  LANGUAGES.some((language) => language === value);

/** What the next prompt is sent with: model, language, project context and sampling settings. */
export function GenerationSettings({
  modelChoice,
  values,
  errors,
  onChange,
  waiting,
  disabled,
}: GenerationSettingsProps) {
  const [isContextOpen, { open: openContext, close: closeContext }] = useDisclosure(false);
  const contextQuery = useProjectContext();
  const hasContext = (contextQuery.data?.projectContext ?? "") !== "";

  return (
    <Paper withBorder p="md" component="section" aria-label="Generation settings">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <ModelSelect
            choice={modelChoice}
            error={errors.model}
            disabled={disabled}
            waiting={waiting}
          />
          <Select
            label="Language"
            description="The language the code is written in"
            data={LANGUAGE_OPTIONS}
            value={values.language}
            onChange={(value) => {
              if (isLanguage(value)) onChange("language", value);
            }}
            allowDeselect={false}
            error={errors.language}
            disabled={disabled}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Button
            variant="subtle"
            size="compact-sm"
            w="fit-content"
            onClick={openContext}
            rightSection={
              hasContext ? (
                <Badge size="xs" variant="light" color="green">
                  on
                </Badge>
              ) : undefined
            }
          >
            Project context
          </Button>
          <AdvancedSettings
            values={values}
            errors={errors}
            onChange={(field, value) => onChange(field, value)}
            disabled={disabled}
          />
        </Stack>
      </Stack>
      <ProjectContextModal isOpen={isContextOpen} onClose={closeContext} />
    </Paper>
  );
}
