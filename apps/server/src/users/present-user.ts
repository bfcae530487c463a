import { createHash } from "node:crypto";
import type { TUser } from "@codegenie/shared";
import type { users } from "../db/schema";

/** A row of the users table. */
export type UserRow = typeof users.$inferSelect;

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
