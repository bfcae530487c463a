import type { TExplainRequest, TLanguage } from "@codegenie/shared";
import { Button, Group, Kbd, Paper, Select, SimpleGrid, Stack, Text } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { AdvancedSettings } from "../generate/advanced-settings";
import { ModelSelect } from "../models/model-select";
import { useModelChoice } from "../models/use-model-choice";
import { CodeEditor } from "./code-editor";
import {
  EMPTY_EXPLAIN_FORM,
  type ExplainFormErrors,
  type ExplainFormValues,
  toExplainRequest,
} from "./explain-form-values";
import { LANGUAGE_OPTIONS } from "./language-labels";
import { StylePicker } from "./style-picker";

/** Props of {@link ExplainForm}. */
export interface ExplainFormProps {
  /** True while an explanation streams: the form is locked and Stop is offered. */
  isRunning: boolean;
  onExplain: (request: TExplainRequest) => void;
  onStop: () => void;
}

function isLanguage(value: string | null): value is TLanguage {
  return LANGUAGE_OPTIONS.some((option) => option.value === value);
}

/** Code, its language, the style and the model; Explain (or Ctrl/⌘+Enter) sends, Stop interrupts. */
export function ExplainForm({ isRunning, onExplain, onStop }: ExplainFormProps) {
  const modelChoice = useModelChoice();
  const [values, setValues] = useState<ExplainFormValues>(EMPTY_EXPLAIN_FORM);
  const [errors, setErrors] = useState<ExplainFormErrors>({});

  const setField = <K extends keyof ExplainFormValues>(field: K, value: ExplainFormValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const submit = () => {
    if (isRunning) return;
    const result = toExplainRequest({ ...values, model: modelChoice.modelId });
    if ("errors" in result) {
      setErrors(result.errors);
      return;
    }
    onExplain(result.request);
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <ModelSelect choice={modelChoice} error={errors.model} disabled={isRunning} />
          <Select
            label="Language"
            description="Sets the highlighting and tells the model"
            data={LANGUAGE_OPTIONS}
            value={values.language}
            onChange={(language) => {
              if (isLanguage(language)) setField("language", language);
            }}
            allowDeselect={false}
            disabled={isRunning}
            error={errors.language}
          />
        </SimpleGrid>
        <CodeEditor
          label="Code"
          description="Esc then Tab leaves the editor."
          value={values.code}
          onChange={(code) => setField("code", code)}
          language={values.language}
          onSubmit={submit}
          error={errors.code}
          readOnly={isRunning}
        />
        <StylePicker
          value={values.style}
          onChange={(style) => setField("style", style)}
          disabled={isRunning}
        />
        <AdvancedSettings
          values={values}
          errors={errors}
          onChange={(field, value) => setField(field, value)}
          disabled={isRunning}
        />
        <Group justify="space-between" align="center">
          <Text size="xs" c="dimmed">
            <Kbd size="xs">Ctrl</Kbd> / <Kbd size="xs">⌘</Kbd> + <Kbd size="xs">Enter</Kbd> to
            explain
          </Text>
          <Group gap="sm">
            {isRunning && (
              <Button color="red" variant="light" onClick={onStop}>
                Stop
              </Button>
            )}
            <Button type="submit" loading={isRunning} disabled={!modelChoice.modelId}>
              Explain
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
