import type { TExplainStyle } from "@codegenie/shared";
import { Group, Radio, SimpleGrid, Text } from "@mantine/core";
import { EXPLAIN_STYLE_OPTIONS } from "./explain-styles";

/** Props of {@link StylePicker}. */
export interface StylePickerProps {
  value: TExplainStyle;
  onChange: (style: TExplainStyle) => void;
  disabled?: boolean;
}

function isExplainStyle(value: string): value is TExplainStyle {
  return EXPLAIN_STYLE_OPTIONS.some((option) => option.value === value);
}

/**
 * The three explanation styles as radio cards, each saying in one line what it gives; arrow keys
 * move between them like any radio group.
 */
export function StylePicker({ value, onChange, disabled }: StylePickerProps) {
  return (
    <Radio.Group
      label="Style"
      value={value}
      onChange={(next) => {
        if (isExplainStyle(next)) onChange(next);
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt={4}>
        {EXPLAIN_STYLE_OPTIONS.map((option) => (
          <Radio.Card
            key={option.value}
            value={option.value}
            p="sm"
            radius="md"
            disabled={disabled}
            style={{ opacity: disabled && option.value !== value ? 0.6 : 1 }}
          >
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <Radio.Indicator mt={2} />
              <div>
                <Text fw={600} size="sm">
                  {option.label}
                </Text>
                <Text size="xs" c="dimmed">
                  {option.description}
                </Text>
              </div>
            </Group>
          </Radio.Card>
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}
