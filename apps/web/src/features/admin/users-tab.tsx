import { ADMIN_USER_SORTS, type TAdminUserSummary } from "@codegenie/shared";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Menu,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { useSession } from "../../lib/api/use-session";
import { type AdminUsersFilters, fetchAdminUsers } from "./admin-api";
import { formatDateTime, formatDecimal } from "./admin-format";
import { ExportCsvButton, PanelState } from "./admin-ui";
import { ConfirmUserActionModal } from "./confirm-user-action";
import type { CsvColumn } from "./csv";
import { useLiveInterval } from "./live-refresh";
import { type UserAction, useUserAction } from "./use-user-actions";
import { UserDetailDrawer } from "./user-detail-drawer";

const PAGE_SIZE = 25;

const USER_COLUMNS: CsvColumn<TAdminUserSummary>[] = [
  { header: "User id", value: (user) => user.username },
  { header: "Display name", value: (user) => user.displayName },
  { header: "Email", value: (user) => user.email },
  { header: "Role", value: (user) => user.role },
  { header: "Created", value: (user) => user.createdAt },
  { header: "Last active", value: (user) => user.lastActiveAt },
  { header: "Queries", value: (user) => user.queryCount },
  { header: "Average rating", value: (user) => user.averageRating },
  { header: "Locked", value: (user) => user.isLocked },
  { header: "Must reset password", value: (user) => user.isPasswordResetRequired },
];

const ROLE_OPTIONS = [
  { value: "admin", label: "Administrators" },
  { value: "user", label: "Users" },
];

type Sort = (typeof ADMIN_USER_SORTS)[number];

const SORT_LABELS: Record<Sort, string> = {
  created: "Newest",
  lastActive: "Last active",
  queryCount: "Most queries",
  averageRating: "Best average rating",
  username: "User id",
};

function isSort(value: string | null): value is Sort {
  return ADMIN_USER_SORTS.some((sort) => sort === value);
}

/** Actions that change someone's account, asked about before they are sent. */
const CONFIRMED_ACTIONS: ReadonlySet<UserAction> = new Set([
  "delete",
  "force-password-reset",
  "revoke-sessions",
]);

/** Props of {@link UsersTab}. */
export interface UsersTabProps {
  /** The user whose history and feedback are open (`?user=` in the URL), if any. */
  openUserId: string | null;
  onOpenUserChange: (userId: string | null) => void;
}

/**
 * Every account with its usage (last active, queries, average rating), searchable, sortable and
 * paged; open a user's history and feedback; promote or demote (at most two administrators, never
 * none), force a password reset, sign them out everywhere, or delete after a confirmation.
 */
export function UsersTab({ openUserId, onOpenUserChange }: UsersTabProps) {
  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<AdminUsersFilters["role"]>();
  const [sort, setSort] = useState<Sort | undefined>();
  const [page, setPage] = useState(1);
  const filters: AdminUsersFilters = {
    q: debouncedSearch || undefined,
    role,
    sort,
    // Names read best A→Z; figures best largest first.
    order: sort === "username" ? "asc" : "desc",
    page,
    pageSize: PAGE_SIZE,
  };
  const usersQuery = useQuery({
    queryKey: ["admin", "users", filters],
    queryFn: ({ signal }) => fetchAdminUsers(filters, signal),
    placeholderData: keepPreviousData,
    refetchInterval: useLiveInterval(),
  });
  const actions = useUserAction();
  const [toConfirm, setToConfirm] = useState<{
    action: UserAction;
    user: TAdminUserSummary;
  } | null>(null);
  const users = usersQuery.data?.users ?? [];
  const pageCount = Math.max(1, Math.ceil((usersQuery.data?.total ?? 0) / PAGE_SIZE));

  const startAction = (action: UserAction, user: TAdminUserSummary) => {
    actions.clear();
    if (CONFIRMED_ACTIONS.has(action)) setToConfirm({ action, user });
    else void actions.run(action, user);
  };

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          type="search"
          label="Find users"
          placeholder="User id, email or name"
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            setPage(1);
          }}
          maxLength={100}
          style={{ flex: "1 1 220px" }}
        />
        <Select
          label="Role"
          placeholder="All roles"
          data={ROLE_OPTIONS}
          value={role ?? null}
          onChange={(value) => {
            setRole(value === "admin" || value === "user" ? value : undefined);
            setPage(1);
          }}
          clearable
          w={160}
        />
        <Select
          label="Sort by"
          placeholder="Best match"
          data={ADMIN_USER_SORTS.map((value) => ({ value, label: SORT_LABELS[value] }))}
          value={sort ?? null}
          onChange={(value) => {
            setSort(isSort(value) ? value : undefined);
            setPage(1);
          }}
          clearable
          w={190}
        />
        <ExportCsvButton
          table="users"
          columns={USER_COLUMNS}
          rows={users}
          fetchPage={(page, pageSize) =>
            fetchAdminUsers({ ...filters, page, pageSize }).then((answer) => ({
              rows: answer.users,
              total: answer.total,
            }))
          }
        />
      </Group>

      {actions.error && !toConfirm && (
        <ErrorAlert error={actions.error}>
          <Button size="xs" variant="subtle" w="fit-content" onClick={actions.clear}>
            Dismiss
          </Button>
        </ErrorAlert>
      )}
      {actions.notice && (
        <Alert color="green" variant="light" role="status">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">{actions.notice}</Text>
            <CloseButton aria-label="Dismiss" onClick={actions.clear} />
          </Group>
        </Alert>
      )}
      <PanelState query={usersQuery} />

      {usersQuery.data && (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {usersQuery.data.total === 1 ? "1 user" : `${usersQuery.data.total} users`}
          </Text>
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover aria-label="Users">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>User</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last active</Table.Th>
                  <Table.Th ta="right">Queries</Table.Th>
                  <Table.Th ta="right">Avg. rating</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.map((user) => (
                  <UserRow
                    key={user.id}
                    user={user}
                    isBusy={actions.pending?.user.id === user.id}
                    onOpen={() => onOpenUserChange(user.id)}
                    onAction={(action) => startAction(action, user)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pageCount > 1 && (
            <Pagination
              total={pageCount}
              value={page}
              onChange={setPage}
              aria-label="Pages of users"
            />
          )}
        </>
      )}

      <UserDetailDrawer userId={openUserId} onClose={() => onOpenUserChange(null)} />
      <ConfirmUserActionModal
        request={toConfirm}
        onClose={() => setToConfirm(null)}
        onConfirm={async ({ action, user }) => {
          if (await actions.run(action, user)) {
            setToConfirm(null);
            if (action === "delete" && openUserId === user.id) onOpenUserChange(null);
          }
        }}
        isPending={actions.pending !== undefined}
        error={toConfirm ? actions.error : null}
      />
    </Stack>
  );
}

interface UserRowProps {
  user: TAdminUserSummary;
  isBusy: boolean;
  onOpen: () => void;
  onAction: (action: UserAction) => void;
}

function UserRow({ user, isBusy, onOpen, onAction }: UserRowProps) {
  const { user: me } = useSession();
  const isMe = me?.id === user.id;
  return (
    <Table.Tr data-testid="user-row" data-username={user.username}>
      <Table.Td>
        <Button variant="subtle" size="compact-sm" px={0} onClick={onOpen}>
          {user.displayName}
        </Button>
        <Text size="xs" c="dimmed">
          @{user.username}
          {isMe && " (you)"} · {user.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Badge variant="light" color={user.role === "admin" ? "indigo" : "gray"}>
            {user.role === "admin" ? "Admin" : "User"}
          </Badge>
          {user.isLocked && (
            <Badge variant="light" color="orange">
              Locked
            </Badge>
          )}
          {user.isPasswordResetRequired && (
            <Badge variant="light" color="yellow">
              Must reset password
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(user.createdAt)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(user.lastActiveAt)}</Text>
      </Table.Td>
      <Table.Td ta="right">{user.queryCount.toLocaleString()}</Table.Td>
      <Table.Td ta="right">{formatDecimal(user.averageRating, 2)}</Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              aria-label={`Actions for ${user.username}`}
              loading={isBusy}
            >
              <span aria-hidden="true">⋯</span>
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={onOpen}>Open history and feedback</Menu.Item>
            {user.role === "user" ? (
              <Menu.Item onClick={() => onAction("promote")}>Make administrator</Menu.Item>
            ) : (
              <Menu.Item onClick={() => onAction("demote")}>Make plain user</Menu.Item>
            )}
            <Menu.Item onClick={() => onAction("force-password-reset")}>
              Force password reset…
            </Menu.Item>
            <Menu.Item onClick={() => onAction("revoke-sessions")}>Sign out everywhere…</Menu.Item>
            <Menu.Divider />
            <Menu.Item color="red" onClick={() => onAction("delete")}>
              Delete account…
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  );
}
