import type { TUser } from "@codegenie/shared";
import { Group, Menu, Text, UnstyledButton } from "@mantine/core";
import { Link } from "react-router";
import { UserAvatar } from "../../components/user-avatar";
import { signOut } from "./auth-api";

/** The signed-in person in the header: picture and name, opening Profile and Sign out. */
export function UserMenu({ user }: { user: TUser }) {
  return (
    <Menu position="bottom-end" width={200} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu of ${user.displayName}`}>
          <Group gap="xs" wrap="nowrap">
            <UserAvatar user={user} size={32} />
            <Text size="sm" fw={500} visibleFrom="xs" data-testid="signed-in-name">
              {user.displayName}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as {user.username}</Menu.Label>
        <Menu.Item component={Link} to="/profile">
          Profile
        </Menu.Item>
        {/* Signed out here even when the server cannot be reached, so there is nothing to show. */}
        <Menu.Item color="red" onClick={() => signOut().catch(() => undefined)}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
