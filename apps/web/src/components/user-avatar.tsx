import type { TUser } from "@codegenie/shared";
import { Avatar, type AvatarProps } from "@mantine/core";

/** Props of {@link UserAvatar}. */
export interface UserAvatarProps extends Pick<AvatarProps, "size"> {
  user: Pick<TUser, "displayName" | "avatarUrl">;
}

/**
 * A person's picture (uploaded or Gravatar), else the initials of their display name in a colour
 * derived from it, so the same person always looks the same.
 */
export function UserAvatar({ user, size }: UserAvatarProps) {
  return (
    <Avatar
      src={user.avatarUrl}
      name={user.displayName}
      color="initials"
      alt={`Avatar of ${user.displayName}`}
      size={size}
    />
  );
}
