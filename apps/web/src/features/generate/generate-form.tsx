import type { TGenerateRequest } from "@codegenie/shared";
import { Button, Group, Kbd, Paper, Stack, Text, Textarea } from "@mantine/core";
import { getHotkeyHandler } from "@mantine/hooks";
import { type FormEvent, useState } from "react";
import { ModelSelect } from "../models/model-select";
import { useModelChoice } from "../models/use-model-choice";
import { AdvancedSettings } from "./advanced-settings";
import {
  EMPTY_GENERATE_FORM,
  type GenerateFormErrors,
  type GenerateFormValues,
  toGenerateRequest,
} from "./generate-form-values";

/** Props of {@link GenerateForm}. */
export interface GenerateFormProps {
  /** True while an answer streams: the form is locked and Stop is offered. */
  isRunning: boolean;
  onGenerate: (request: TGenerateRequest) => void;
  onStop: () => void;
}

/** Model, prompt and sampling settings; Generate (or Ctrl/⌘+Enter) sends, Stop interrupts. */
export function GenerateForm({ isRunning, onGenerate, onStop }: GenerateFormProps) {
  const modelChoice = useModelChoice();
  const [values, setValues] = useState<GenerateFormValues>(EMPTY_GENERATE_FORM);
  const [errors, setErrors] = useState<GenerateFormErrors>({});

  const setField = <K extends keyof GenerateFormValues>(field: K, value: GenerateFormValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const submit = () => {
    if (isRunning) return;
    const result = toGenerateRequest({ ...values, model: modelChoice.modelId });
    if ("errors" in result) {
      setErrors(result.errors);
      return;
    }
    onGenerate(result.request);
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <ModelSelect choice={modelChoice} error={errors.model} disabled={isRunning} />
        <Textarea
          label="Prompt"
          placeholder="e.g. A Python function that checks whether a string is a palindrome"
          autosize
          minRows={5}
          maxRows={20}
          value={values.prompt}
          onChange={(event) => setField("prompt", event.currentTarget.value)}
          onKeyDown={getHotkeyHandler([["mod+Enter", submit]])}
          error={errors.prompt}
          readOnly={isRunning}
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
            generate
          </Text>
          <Group gap="sm">
            {isRunning && (
              <Button color="red" variant="light" onClick={onStop}>
                Stop
              </Button>
            )}
            <Button type="submit" loading={isRunning} disabled={!modelChoice.modelId}>
              Generate
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
