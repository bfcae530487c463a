import { Badge, Button, Group, Loader, Table, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { signOut } from "../auth/auth-api";
import { deviceName } from "./device-name";
import { endSession } from "./profile-api";
import { ProfileSection } from "./profile-section";
import { useSessions } from "./use-me";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const formatDate = (iso: string) => dateTime.format(new Date(iso));

/** The devices signed in to this account; each can be signed out, or all at once. */
export function SessionsSection() {
  const queryClient = useQueryClient();
  const sessions = useSessions();
  const endOne = useFormSubmit({
    send: endSession,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["me", "sessions"] }),
  });
  const endAll = useFormSubmit({ send: () => signOut(true) });
  const endThis = useFormSubmit({ send: () => signOut() });

  return (
    <ProfileSection
      title="Sessions"
      description="Where you are signed in. Sign out any device you do not recognise."
    >
      {sessions.isPending && <Loader size="sm" aria-label="Loading sessions" />}
      {sessions.isError && <ErrorAlert error={toApiError(sessions.error)} />}
      {sessions.data && (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" aria-label="Sessions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Device</Table.Th>
                <Table.Th>IP address</Table.Th>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>Last active</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.map((session) => (
                <Table.Tr key={session.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" title={session.userAgent ?? undefined}>
                        {deviceName(session.userAgent)}
                      </Text>
                      {session.isCurrent && (
                        <Badge size="xs" variant="light">
                          This device
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{session.ip ?? "–"}</Table.Td>
                  <Table.Td>{formatDate(session.createdAt)}</Table.Td>
                  <Table.Td>{formatDate(session.lastUsedAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      loading={session.isCurrent ? endThis.isPending : endOne.isPending}
                      onClick={() =>
                        session.isCurrent ? endThis.submit(undefined) : endOne.submit(session.id)
                      }
                    >
                      Sign out
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {endOne.formError && <ErrorAlert error={endOne.formError} />}
      <Group>
        <Button
          color="red"
          variant="light"
          loading={endAll.isPending}
          onClick={() => endAll.submit(undefined)}
        >
          Sign out everywhere
        </Button>
      </Group>
    </ProfileSection>
  );
}
