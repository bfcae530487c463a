import { createHash } from "node:crypto";
import type { TUser } from "@codegenie/shared";
import { getTableColumns, sql } from "drizzle-orm";
import { users } from "../db/schema";

const { avatarWebp: _avatarBytes, ...columnsWithoutAvatar } = getTableColumns(users);

/**
 * The columns every user query selects: all but the avatar's bytes (read only when the picture is
 * served or exported), plus whether there is one. The guard loads a user on every request, so
 * this keeps up to 2 MB of picture off that path.
 */
export const userColumns = {
  ...columnsWithoutAvatar,
  hasAvatar: sql<boolean>`${users.avatarWebp} is not null`.as("has_avatar"),
};

/** A user as the queries return it (see {@link userColumns}). */
export type UserRow = Omit<typeof users.$inferSelect, "avatarWebp"> & { hasAvatar: boolean };

/** Gravatar's URL for an email: SHA-256 of the trimmed, lower-cased address. */
export function gravatarUrl(email: string): string {
  const hash = createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
  return `https://www.gravatar.com/avatar/${hash}?s=256&d=identicon`;
}

/** The picture URL to show for a user, or null for initials. */
export function avatarUrl(
  user: Pick<UserRow, "id" | "email" | "avatarSource" | "avatarUpdatedAt">,
): string | null {
  switch (user.avatarSource) {
    case "gravatar":
      return gravatarUrl(user.email);
    case "upload":
      // The version in the query string lets browsers cache each picture for good.
      return `/api/users/${user.id}/avatar?v=${user.avatarUpdatedAt?.getTime() ?? 0}`;
    default:
      return null;
  }
}

/** A user as the API shows them (never the hashes). */
export function presentUser(user: UserRow): TUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    displayName: user.displayName,
    role: user.role === "admin" ? "admin" : "user",
    avatarSource:
      user.avatarSource === "gravatar" || user.avatarSource === "upload"
        ? user.avatarSource
        : "initials",
    avatarUrl: avatarUrl(user),
    createdAt: user.createdAt.toISOString(),
  };
}
