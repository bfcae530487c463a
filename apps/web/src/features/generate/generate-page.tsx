import { Button, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { isStreamRunning } from "../../lib/streaming/generation-stream-state";
import { useModelChoice } from "../models/use-model-choice";
import { Composer } from "./composer";
import { ConversationTurnView } from "./conversation-turn-view";
import {
  EMPTY_GENERATE_FORM,
  type GenerateFormErrors,
  type GenerateFormValues,
  toGenerateRequest,
} from "./generate-form-values";
import { GenerationSettings } from "./generation-settings";
import { useConversation } from "./use-conversation";
import "./generate-page.css";

/**
 * Generate: a conversation with a model about code. Each prompt and its streamed answer is a
 * turn; follow-ups carry the earlier turns; every answer can be rated.
 */
export function GeneratePage() {
  const conversation = useConversation();
  const modelChoice = useModelChoice();
  const [values, setValues] = useState<GenerateFormValues>(EMPTY_GENERATE_FORM);
  const [errors, setErrors] = useState<GenerateFormErrors>({});
  const { turns, stream } = conversation;
  const isRunning = isStreamRunning(stream.status);
  const endRef = useRef<HTMLDivElement>(null);

  const setField = <K extends keyof GenerateFormValues>(field: K, value: GenerateFormValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const send = (prompt: string) => {
    if (isRunning) return;
    const result = toGenerateRequest({ ...values, prompt, model: modelChoice.modelId });
    if ("errors" in result) {
      setErrors(result.errors);
      return;
    }
    conversation.send(result.request);
    setField("prompt", "");
  };

  const lastPrompt = turns.at(-1)?.prompt;
  // A new turn scrolls into view, so the answer is where the eye is.
  const turnCount = turns.length;
  useEffect(() => {
    if (turnCount > 0) endRef.current?.scrollIntoView({ block: "nearest" });
  }, [turnCount]);

  const modelName = (id: string | null) =>
    modelChoice.modelsQuery.data?.find((model) => model.id === id)?.name ?? null;

  return (
    <Stack gap="md" maw={960} mx="auto">
      <Group justify="space-between" align="flex-start" gap="xs">
        <div>
          <Title order={2}>Generate code</Title>
          <Text c="dimmed" size="sm">
            {conversation.title ??
              "Describe the code you want, then refine it with follow-ups; answers appear as they are written."}
          </Text>
        </div>
        <Button variant="light" onClick={conversation.startNew} disabled={turns.length === 0}>
          New conversation
        </Button>
      </Group>

      <GenerationSettings
        modelChoice={modelChoice}
        values={values}
        errors={errors}
        onChange={setField}
        waiting={stream.status === "waiting" ? { queuePosition: stream.queuePosition } : null}
        disabled={isRunning}
      />

      {conversation.loading?.isPending && (
        <Group gap="xs">
          <Loader size="sm" />
          <Text size="sm">Opening the conversation…</Text>
        </Group>
      )}
      {conversation.loading?.isError && (
        <ErrorAlert error={toApiError(conversation.loading.error)}>
          <Button size="xs" variant="light" w="fit-content" onClick={conversation.startNew}>
            Start a new conversation
          </Button>
        </ErrorAlert>
      )}

      <Stack gap="lg" component="section" aria-label="Conversation">
        {turns.map((turn, index) => (
          <ConversationTurnView
            key={turn.id ?? `pending-${index}`}
            turn={turn}
            number={index + 1}
            isLive={conversation.hasLiveTurn && index === turns.length - 1}
            queuePosition={stream.queuePosition}
            modelName={modelName(turn.model)}
          />
        ))}
        <div ref={endRef} />
      </Stack>

      <div className="generate-composer">
        <Composer
          prompt={values.prompt}
          onPromptChange={(prompt) => setField("prompt", prompt)}
          error={errors.prompt}
          isRunning={isRunning}
          isFollowUp={turns.length > 0}
          canSend={modelChoice.modelId !== null}
          onSend={() => send(values.prompt)}
          onStop={conversation.stop}
          onRetry={lastPrompt === undefined ? undefined : () => send(lastPrompt)}
        />
      </div>
    </Stack>
  );
}
