import { CONVERSATION_TITLE_MAX_CHARS, type TConversation } from "@codegenie/shared";
import { Button, Group, Modal, Paper, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { formatDateTime } from "./history-format";
import { ListStates, LoadMoreButton } from "./list-states";
import { useConversations, useDeleteConversation, useRenameConversation } from "./use-history";

/**
 * The user's conversations, most recently active first: each can be reopened on the Generate
 * page, renamed, or deleted with its turns (asked first).
 */
export function ConversationsList() {
  const conversations = useConversations();
  const [renaming, setRenaming] = useState<TConversation | null>(null);
  const [deleting, setDeleting] = useState<TConversation | null>(null);
  const items = conversations.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="sm">
      <ListStates
        query={conversations}
        isEmpty={items.length === 0}
        emptyTitle="No conversations yet"
        emptyText="Each question on the Generate page starts a conversation; follow-ups continue it."
      />
      {items.length > 0 && (
        <Stack component="ul" gap="sm" p={0} m={0} aria-label="Conversations">
          {items.map((conversation) => (
            <Paper
              component="li"
              key={conversation.id}
              withBorder
              p="sm"
              style={{ listStyle: "none" }}
            >
              <Group justify="space-between" gap="sm" wrap="wrap">
                <div style={{ minWidth: 0, flex: "1 1 240px" }}>
                  <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
                    {conversation.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {conversation.turnCount} {conversation.turnCount === 1 ? "turn" : "turns"} ·
                    last active {formatDateTime(conversation.updatedAt)}
                  </Text>
                </div>
                <Group gap="xs">
                  <Button
                    size="xs"
                    component={Link}
                    to={`/generate?conversation=${encodeURIComponent(conversation.id)}`}
                    aria-label={`Reopen ${conversation.title}`}
                  >
                    Reopen
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setRenaming(conversation)}
                    aria-label={`Rename ${conversation.title}`}
                  >
                    Rename
                  </Button>
                  <Button
                    size="xs"
                    color="red"
                    variant="subtle"
                    onClick={() => setDeleting(conversation)}
                    aria-label={`Delete ${conversation.title}`}
                  >
                    Delete
                  </Button>
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <LoadMoreButton query={conversations} />
      <RenameModal conversation={renaming} onClose={() => setRenaming(null)} />
      <DeleteModal conversation={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

function RenameModal(props: { conversation: TConversation | null; onClose: () => void }) {
  const { conversation, onClose } = props;
  return (
    <Modal opened={conversation !== null} onClose={onClose} title="Rename conversation" centered>
      {/* Keyed, so the field starts from the current title each time it opens. */}
      {conversation && (
        <RenameForm key={conversation.id} conversation={conversation} onDone={onClose} />
      )}
    </Modal>
  );
}

function RenameForm({ conversation, onDone }: { conversation: TConversation; onDone: () => void }) {
  const [title, setTitle] = useState(conversation.title);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const rename = useRenameConversation();

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) {
      setFieldError("Give the conversation a title.");
      return;
    }
    rename.mutate({ id: conversation.id, title: trimmed }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Title"
          value={title}
          onChange={(event) => {
            setTitle(event.currentTarget.value);
            setFieldError(null);
          }}
          maxLength={CONVERSATION_TITLE_MAX_CHARS}
          error={fieldError}
          data-autofocus
        />
        {rename.isError && <ErrorAlert error={toApiError(rename.error)} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={rename.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeleteModal(props: { conversation: TConversation | null; onClose: () => void }) {
  const { conversation, onClose } = props;
  const deletion = useDeleteConversation();
  return (
    <Modal
      opened={conversation !== null}
      onClose={() => {
        deletion.reset();
        onClose();
      }}
      title="Delete conversation?"
      centered
    >
      {conversation && (
        <Stack gap="md">
          <Text size="sm">
            “{conversation.title}” and its {conversation.turnCount}{" "}
            {conversation.turnCount === 1 ? "turn" : "turns"} are deleted for good, with their
            answers and ratings.
          </Text>
          {deletion.isError && <ErrorAlert error={toApiError(deletion.error)} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} data-autofocus>
              Keep it
            </Button>
            <Button
              color="red"
              loading={deletion.isPending}
              onClick={() => deletion.mutate(conversation.id, { onSuccess: onClose })}
            >
              Delete for good
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
