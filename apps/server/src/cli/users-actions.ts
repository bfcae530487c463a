// What the `users` commands do; loaded only when one runs (users-commands.ts defines them).
import { type TAdminUser, type TRole, ZDisplayName, ZEmail, ZUsername } from "@codegenie/shared";
import type { z } from "zod";
import type { AdminCaller, AdminService } from "../admin/admin.service";
import { AppError } from "../errors";
import type { UserRow } from "../users/present-user";
import { type CliOutput, UsageError } from "./cli-io";
import { withSession } from "./cli-session";
import { hasPasswordSource, type PasswordSource, readPassword } from "./read-password";

/** The command line in the audit log: no signed-in actor, no IP. */
const CLI_CALLER: AdminCaller = { actor: null, ip: null, userAgent: null, details: { via: "cli" } };

/** Options of `users create-admin`. */
export interface CreateAdminOptions extends PasswordSource {
  username: string;
  email: string;
  displayName?: string;
}

/** Options of `users list`. */
export interface ListOptions {
  json?: boolean;
  role?: TRole;
  search?: string;
}

/** Options of `users delete`. */
export interface DeleteOptions {
  /** Delete without asking. */
  yes?: boolean;
}

/** An option's value checked by the sign-up rule; UsageError naming the option if it fails. */
function parseOption<T>(schema: z.ZodType<T>, value: string, option: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UsageError(`${option}: ${parsed.error.issues[0]?.message ?? "is not valid"}`);
}

const describeRole = (role: TRole) => (role === "admin" ? "an administrator" : "a user");

/** Promotes or demotes an account, saying what happened (or that nothing had to). */
async function changeRole(
  admin: AdminService,
  user: UserRow,
  role: TRole,
  output: CliOutput,
): Promise<void> {
  if (user.role === role) {
    output.out(`${user.username} is already ${describeRole(role)}.\n`);
    return;
  }
  const changed =
    role === "admin"
      ? await admin.promote(user.id, CLI_CALLER)
      : await admin.demote(user.id, CLI_CALLER);
  output.out(`${changed.username} is now ${describeRole(role)}.\n`);
}

/**
 * `users create-admin`: creates an administrator, or makes the account with this user id and
 * email one. Reads the password only for a new account, and only when an admin slot is free.
 */
export async function createAdmin(options: CreateAdminOptions, output: CliOutput): Promise<void> {
  const username = parseOption(ZUsername, options.username, "--username");
  const email = parseOption(ZEmail, options.email, "--email");
  const displayName = parseOption(ZDisplayName, options.displayName ?? username, "--display-name");

  await withSession(async ({ users, admin, hasher }) => {
    const byUsername = await users.findByLogin(username);
    const byEmail = await users.findByEmail(email);
    if (byUsername && byUsername.id === byEmail?.id) {
      if (hasPasswordSource(options)) {
        output.err(`${byUsername.username} exists: the password is left unchanged.\n`);
      }
      await changeRole(admin, byUsername, "admin", output);
      return;
    }
    if (byUsername || byEmail) {
      throw new Error(
        `${username} and ${email} do not name one account: the user id belongs to ` +
          `${byUsername?.username ?? "nobody"}, the email to ${byEmail?.username ?? "nobody"}. ` +
          "To make an existing account an administrator: codegenie users promote <user id or email>.",
      );
    }

    if (!hasPasswordSource(options)) {
      throw new UsageError(
        "a new account needs a password: --password-stdin or --password-env <variable>",
      );
    }
    // Checked again under the lock when creating; this spares typing a password for nothing.
    if ((await users.freeAdminSlots()).length === 0) throw new AppError("admin.limit_reached");
    const password = await readPassword(options);
    // Loaded here: its dictionaries take most of a second, which the other commands need not wait.
    const { assertStrongPassword } = await import("../auth/password-strength");
    assertStrongPassword(password, { username, email, displayName });
    const created = await admin.createAdmin(
      {
        username,
        email,
        displayName,
        passwordHash: await hasher.hash(password),
        securityQuestionsEncrypted: null,
        securityAnswerHashes: null,
      },
      CLI_CALLER,
    );
    output.out(`Created the administrator ${created.username} <${created.email}>.\n`);
  });
}

/** `users promote|demote <user>`. */
export async function setRole(login: string, role: TRole, output: CliOutput): Promise<void> {
  await withSession(async ({ users, admin }) => {
    const user = await users.findByLogin(login);
    if (!user) throw new AppError("user.not_found", `There is no user "${login}".`);
    await changeRole(admin, user, role, output);
  });
}

/**
 * `users delete <user>`: deletes the account through the admin service (its sessions, history and
 * feedback go with it; audited). Refuses the last administrator before asking anything.
 */
export async function deleteUser(
  login: string,
  options: DeleteOptions,
  output: CliOutput,
): Promise<void> {
  await withSession(async ({ users, admin }) => {
    const user = await users.findByLogin(login);
    if (!user) throw new AppError("user.not_found", `There is no user "${login}".`);
    // Checked again under the lock when deleting; this spares a confirmation for nothing.
    if (user.role === "admin" && (await users.countAdmins()) <= 1) {
      throw new AppError("admin.last_admin");
    }
    if (!options.yes) await confirmDeletion(user);
    await admin.delete(user.id, CLI_CALLER);
    output.out(`Deleted ${user.username} <${user.email}> with their sessions and history.\n`);
  });
}

/** Asks at the terminal for the user id; UsageError when there is no terminal or it differs. */
async function confirmDeletion(user: UserRow): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new UsageError("nothing deleted: add --yes to delete without a terminal to confirm at");
  }
  const { createInterface } = await import("node:readline/promises");
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const typed = await prompt.question(
      `Delete ${user.username} <${user.email}> with all their history and feedback? Type the user id to confirm: `,
    );
    if (typed.trim() !== user.username) throw new UsageError("not confirmed: nothing deleted");
  } finally {
    prompt.close();
  }
}

/** `users list`: every matching account, newest first, as a table or as JSON. */
export async function listUsers(options: ListOptions, output: CliOutput): Promise<void> {
  await withSession(async ({ admin }) => {
    const found: TAdminUser[] = [];
    for (let page = 1; ; page++) {
      const result = await admin.listUsers({
        page,
        pageSize: 100,
        q: options.search,
        role: options.role,
      });
      found.push(...result.users);
      if (result.users.length === 0 || found.length >= result.total) break;
    }
    output.out(options.json ? `${JSON.stringify(found, null, 2)}\n` : formatTable(found));
  });
}

/** Users as a plain-text table with aligned columns. */
function formatTable(users: TAdminUser[]): string {
  if (users.length === 0) return "No users.\n";
  const columns: [string, (user: TAdminUser) => string][] = [
    ["USER ID", (user) => user.username],
    ["ROLE", (user) => user.role],
    ["EMAIL", (user) => user.email],
    ["DISPLAY NAME", (user) => user.displayName],
    ["LAST SIGN-IN", (user) => user.lastLoginAt ?? "never"],
    ["LOCKED", (user) => (user.isLocked ? "yes" : "no")],
  ];
  const rows = [
    columns.map(([title]) => title),
    ...users.map((user) => columns.map(([, cell]) => cell(user))),
  ];
  const widths = columns.map((_, index) => Math.max(...rows.map((row) => row[index]?.length ?? 0)));
  const lines = rows.map((row) =>
    row
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}
