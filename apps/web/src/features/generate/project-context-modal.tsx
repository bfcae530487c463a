import { PROJECT_CONTEXT_MAX_CHARS } from "@codegenie/shared";
import { Button, Group, Loader, Modal, Stack, Text, Textarea } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { useProjectContext, useSaveProjectContext } from "./generate-api";

/** Props of {@link ProjectContextModal}. */
export interface ProjectContextModalProps {
  isOpen: boolean;
  onClose: () => void;
}

/**
 * Edits the user's project context: conventions and stack the model should follow, sent with
 * every prompt (`GET`/`PUT /api/me/project-context`). Empty means none.
 */
export function ProjectContextModal({ isOpen, onClose }: ProjectContextModalProps) {
  return (
    <Modal opened={isOpen} onClose={onClose} title="Project context" size="lg">
      {/* Mounted only while open, so the draft starts from the saved text each time. */}
      {isOpen && <ProjectContextForm onClose={onClose} />}
    </Modal>
  );
}

function ProjectContextForm({ onClose }: { onClose: () => void }) {
  const contextQuery = useProjectContext();
  if (contextQuery.isPending) return <Loader size="sm" aria-label="Loading the project context" />;
  if (contextQuery.isError) return <ErrorAlert error={toApiError(contextQuery.error)} />;
  return <ProjectContextEditor saved={contextQuery.data.projectContext} onClose={onClose} />;
}

function ProjectContextEditor({ saved, onClose }: { saved: string; onClose: () => void }) {
  const [draft, setDraft] = useState(saved);
  const save = useSaveProjectContext();

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate({ projectContext: draft }, { onSuccess: onClose });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Tell the model about your project once: language versions, frameworks, naming and style
          rules. It goes into every prompt you send.
        </Text>
        <Textarea
          label="Instructions for every prompt"
          placeholder="e.g. Python 3.12, FastAPI, type hints everywhere, pytest for tests"
          autosize
          minRows={5}
          maxRows={14}
          maxLength={PROJECT_CONTEXT_MAX_CHARS}
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
          description={`${draft.length} / ${PROJECT_CONTEXT_MAX_CHARS} characters`}
          data-autofocus
        />
        {save.isError && <ErrorAlert error={toApiError(save.error)} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save context
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
