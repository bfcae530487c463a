import type { TFinishReason, TGenerationStats } from "@codegenie/shared";
import { Group, Stack, Text } from "@mantine/core";

const FINISH_REASON_LABELS: Record<TFinishReason, string> = {
  stop: "Finished",
  "max-tokens": "Reached max tokens",
  aborted: "Stopped by user",
  timeout: "Took too long",
};

/** Formats milliseconds for people: "850 ms" below a second, else "2.4 s". */
export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000
    ? `${Math.round(milliseconds)} ms`
    : `${(milliseconds / 1000).toFixed(1)} s`;
}

/** Completion tokens per second of generation time; null when no time passed. */
export function tokensPerSecond(stats: TGenerationStats): number | null {
  return stats.durationMs > 0 ? stats.completionTokens / (stats.durationMs / 1000) : null;
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" fw={500} m={0}>
        {value}
      </Text>
    </Stack>
  );
}

/** The numbers of a finished generation: tokens, time, speed and why it ended. */
export function GenerationStats({ stats }: { stats: TGenerationStats }) {
  const speed = tokensPerSecond(stats);
  return (
    <Group component="dl" gap="xl" m={0} aria-label="Generation stats">
      <Stat label="Tokens" value={`${stats.completionTokens} (prompt ${stats.promptTokens})`} />
      <Stat label="Duration" value={formatDuration(stats.durationMs)} />
      <Stat label="Speed" value={speed === null ? "–" : `${speed.toFixed(1)} tokens/s`} />
      <Stat
        label="First token after"
        value={stats.timeToFirstTokenMs === null ? "–" : formatDuration(stats.timeToFirstTokenMs)}
      />
      <Stat label="Result" value={FINISH_REASON_LABELS[stats.finishReason]} />
    </Group>
  );
}
