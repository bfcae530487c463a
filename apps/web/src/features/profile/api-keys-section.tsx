import {
  type TApiKey,
  type TCreateApiKeyRequest,
  type TCreatedApiKey,
  ZApiKeysResponse,
  ZCreateApiKeyRequest,
  ZCreatedApiKey,
} from "@codegenie/shared";
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { fetchJson, fetchOk, jsonRequest } from "../../lib/api/fetch-json";
import { useFormFields } from "../../lib/forms/use-form-fields";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { ProfileSection } from "./profile-section";

const API_KEYS_KEY = ["me", "api-keys"] as const;

const fetchApiKeys = async (signal?: AbortSignal) =>
  (await fetchJson("/api/me/api-keys", ZApiKeysResponse, { signal })).apiKeys;
const createApiKey = (request: TCreateApiKeyRequest) =>
  fetchJson("/api/me/api-keys", ZCreatedApiKey, jsonRequest("POST", request));
const revokeApiKey = async (id: string) => {
  await fetchOk(`/api/me/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" });
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const formatDate = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : "Never");

/**
 * Personal API keys for editors and scripts that speak the OpenAI API: list, create (the key is
 * shown once, right after), revoke.
 */
export function ApiKeysSection() {
  const queryClient = useQueryClient();
  const apiKeys = useQuery({
    queryKey: API_KEYS_KEY,
    queryFn: ({ signal }) => fetchApiKeys(signal),
    staleTime: 0,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: API_KEYS_KEY });
  const form = useFormFields({ name: "" });
  const creation = useFormSubmit({
    send: createApiKey,
    setFieldErrors: form.setErrors,
    onSuccess: () => {
      form.reset();
      void refresh();
    },
  });
  const revocation = useFormSubmit({ send: revokeApiKey, onSuccess: () => void refresh() });

  const handleCreate = (event: FormEvent) => {
    event.preventDefault();
    const request = form.validate<TCreateApiKeyRequest>(ZCreateApiKeyRequest, form.values);
    if (request) creation.submit(request);
  };

  return (
    <ProfileSection
      title="API keys"
      description={
        <>
          For editors and scripts that speak the OpenAI API: use base URL{" "}
          <Code>{`${window.location.origin}/v1`}</Code> and one of these keys. Revoke a key you no
          longer use or may have leaked.
        </>
      }
    >
      {creation.data && <NewKeyNotice created={creation.data} onDone={creation.reset} />}
      {apiKeys.isPending && <Loader size="sm" aria-label="Loading API keys" />}
      {apiKeys.isError && <ErrorAlert error={toApiError(apiKeys.error)} />}
      {apiKeys.data && apiKeys.data.length === 0 && (
        <Text size="sm" c="dimmed">
          You have no API keys.
        </Text>
      )}
      {apiKeys.data && apiKeys.data.length > 0 && (
        <ApiKeysTable
          apiKeys={apiKeys.data}
          isRevoking={revocation.isPending}
          onRevoke={revocation.submit}
        />
      )}
      {revocation.formError && <ErrorAlert error={revocation.formError} />}
      <form onSubmit={handleCreate} noValidate>
        <Group align="flex-start" gap="sm">
          <TextInput
            label="New key name"
            placeholder="e.g. Laptop editor"
            maxLength={64}
            {...form.textProps("name")}
          />
          <Button type="submit" mt={25} loading={creation.isPending}>
            Create key
          </Button>
        </Group>
        {creation.formError && <ErrorAlert error={creation.formError} />}
      </form>
    </ProfileSection>
  );
}

/** The whole key, once: it cannot be shown again. */
function NewKeyNotice({ created, onDone }: { created: TCreatedApiKey; onDone: () => void }) {
  return (
    <Alert color="yellow" title={`Your new key "${created.name}"`} role="status">
      <Stack gap="xs">
        <Text size="sm">
          Copy it now and keep it somewhere safe: it will not be shown again. Anyone with this key
          can use the models as you.
        </Text>
        <Code block aria-label="New API key">
          {created.key}
        </Code>
        <Group gap="sm">
          <CopyButton value={created.key}>
            {({ copied, copy }) => (
              <Button size="compact-sm" color={copied ? "teal" : "blue"} onClick={copy}>
                {copied ? "Copied" : "Copy key"}
              </Button>
            )}
          </CopyButton>
          <Button size="compact-sm" variant="default" onClick={onDone}>
            I have copied it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

interface ApiKeysTableProps {
  apiKeys: TApiKey[];
  isRevoking: boolean;
  onRevoke: (id: string) => void;
}

function ApiKeysTable({ apiKeys, isRevoking, onRevoke }: ApiKeysTableProps) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label="API keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {apiKeys.map((apiKey) => (
            <Table.Tr key={apiKey.id}>
              <Table.Td>{apiKey.name}</Table.Td>
              <Table.Td>
                <Code>{apiKey.prefix}…</Code>
              </Table.Td>
              <Table.Td>{formatDate(apiKey.createdAt)}</Table.Td>
              <Table.Td>{formatDate(apiKey.lastUsedAt)}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  loading={isRevoking}
                  aria-label={`Revoke ${apiKey.name}`}
                  onClick={() => onRevoke(apiKey.id)}
                >
                  Revoke
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
