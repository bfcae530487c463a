import { Badge, Loader } from "@mantine/core";
import type { StreamStatus } from "../../lib/streaming/generation-stream-state";

/** Props of {@link StreamStatusBadge}. */
export interface StreamStatusBadgeProps {
  status: StreamStatus;
  queuePosition: number | null;
}

function label(status: StreamStatus, queuePosition: number | null): string {
  switch (status) {
    case "idle":
      return "Ready";
    case "waiting":
      return queuePosition ? `Queued: ${queuePosition} ahead` : "Waiting for the model…";
    case "streaming":
      return "Generating…";
    case "finished":
      return "Finished";
    case "stopped":
      return "Stopped";
    case "failed":
      return "Failed";
  }
}

const COLORS: Record<StreamStatus, string> = {
  idle: "gray",
  waiting: "blue",
  streaming: "blue",
  finished: "green",
  stopped: "orange",
  failed: "red",
};

/** One word on where the answer is; a live status so screen readers hear the changes. */
export function StreamStatusBadge({ status, queuePosition }: StreamStatusBadgeProps) {
  const isRunning = status === "waiting" || status === "streaming";
  return (
    <Badge
      role="status"
      variant="light"
      color={COLORS[status]}
      leftSection={isRunning ? <Loader size={10} color={COLORS[status]} /> : undefined}
    >
      {label(status, queuePosition)}
    </Badge>
  );
}
