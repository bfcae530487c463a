import { Button, Collapse, NumberInput, SimpleGrid } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { GenerateFormErrors, GenerateFormValues } from "./generate-form-values";

type SamplingField = "maxTokens" | "temperature" | "topP";

/** Props of {@link AdvancedSettings}. */
export interface AdvancedSettingsProps {
  values: Pick<GenerateFormValues, SamplingField>;
  errors: GenerateFormErrors;
  onChange: (field: SamplingField, value: number | string) => void;
  disabled?: boolean;
}

const PANEL_ID = "generate-advanced-settings";

/**
 * Max tokens, temperature and top-p, folded away by default: most people never need them, and
 * an empty field means the server's default, which the server also caps at its own limits.
 */
export function AdvancedSettings({ values, errors, onChange, disabled }: AdvancedSettingsProps) {
  const [isOpen, { toggle }] = useDisclosure(false);
  return (
    <div>
      <Button
        variant="subtle"
        size="compact-sm"
        onClick={toggle}
        aria-expanded={isOpen}
        aria-controls={PANEL_ID}
      >
        {isOpen ? "Hide advanced settings" : "Advanced settings"}
      </Button>
      <Collapse expanded={isOpen} id={PANEL_ID}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} pt="sm">
          <NumberInput
            label="Max tokens"
            description="Longest answer, in tokens"
            placeholder="Server default"
            min={1}
            allowDecimal={false}
            allowNegative={false}
            value={values.maxTokens}
            onChange={(value) => onChange("maxTokens", value)}
            error={errors.maxTokens}
            disabled={disabled}
          />
          <NumberInput
            label="Temperature"
            description="0 to 2; higher gives more varied answers"
            placeholder="Server default"
            min={0}
            max={2}
            step={0.1}
            decimalScale={2}
            allowNegative={false}
            value={values.temperature}
            onChange={(value) => onChange("temperature", value)}
            error={errors.temperature}
            disabled={disabled}
          />
          <NumberInput
            label="Top-p"
            description="Above 0, up to 1; lower keeps to likely words"
            placeholder="Server default"
            min={0}
            max={1}
            step={0.05}
            decimalScale={2}
            allowNegative={false}
            value={values.topP}
            onChange={(value) => onChange("topP", value)}
            error={errors.topP}
            disabled={disabled}
          />
        </SimpleGrid>
      </Collapse>
    </div>
  );
}
