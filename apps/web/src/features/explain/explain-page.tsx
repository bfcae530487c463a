import type { TExplainRequest } from "@codegenie/shared";
import { Stack, Text, Title } from "@mantine/core";
import { isStreamRunning } from "../../lib/streaming/generation-stream-state";
import { useGenerationStream } from "../../lib/streaming/use-generation-stream";
import { ExplainAnswer } from "./explain-answer";
import { ExplainForm } from "./explain-form";

/** Explain: paste code, pick a style, and read the explanation as it is written. */
export function ExplainPage() {
  const stream = useGenerationStream<TExplainRequest>("/api/explain");
  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={2}>Explain code</Title>
        <Text c="dimmed" size="sm">
          Paste a piece of code and choose how it should be explained; the explanation appears as it
          is written.
        </Text>
      </div>
      <ExplainForm
        isRunning={isStreamRunning(stream.status)}
        onExplain={stream.start}
        onStop={stream.stop}
      />
      {stream.status !== "idle" && <ExplainAnswer stream={stream} />}
    </Stack>
  );
}
