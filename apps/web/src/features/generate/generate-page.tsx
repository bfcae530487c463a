import type { TGenerateRequest } from "@codegenie/shared";
import { Stack, Text, Title } from "@mantine/core";
import { isStreamRunning } from "../../lib/streaming/generation-stream-state";
import { useGenerationStream } from "../../lib/streaming/use-generation-stream";
import { AnswerPanel } from "./answer-panel";
import { GenerateForm } from "./generate-form";

/** Generate: describe the code you want and watch the model write it. */
export function GeneratePage() {
  const stream = useGenerationStream<TGenerateRequest>("/api/generate");
  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={2}>Generate code</Title>
        <Text c="dimmed" size="sm">
          Describe what the code should do, in any language; the answer appears as it is written.
        </Text>
      </div>
      <GenerateForm
        isRunning={isStreamRunning(stream.status)}
        onGenerate={stream.start}
        onStop={stream.stop}
      />
      {stream.status !== "idle" && <AnswerPanel stream={stream} />}
    </Stack>
  );
}
