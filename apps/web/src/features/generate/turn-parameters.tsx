import { Text } from "@mantine/core";
import type { TurnParameters } from "./conversation-turn";

/** "max 256 tokens · temperature 0.2 · top-p 0.95"; a null setting was the model's default. */
export function formatParameters(parameters: TurnParameters): string {
  const orDefault = (value: number | null) => (value === null ? "model default" : String(value));
  return [
    `max ${parameters.maxTokens} tokens`,
    `temperature ${orDefault(parameters.temperature)}`,
    `top-p ${orDefault(parameters.topP)}`,
  ].join(" · ");
}

/** The sampling settings an answer was generated with, after the server's defaults and limits. */
export function TurnParametersLine({ parameters }: { parameters: TurnParameters }) {
  return (
    <Text size="xs" c="dimmed" data-testid="parameters-used">
      Settings used: {formatParameters(parameters)}
    </Text>
  );
}
