import { type Command, Option } from "commander";
import type { CliOutput } from "./cli-io";
import type { CreateAdminOptions, DeleteOptions, ListOptions } from "./users-actions";

// The actions load the database and the password checker only when a command runs, so --help
// and usage errors answer at once.
const actions = () => import("./users-actions");

/** Adds `users create-admin | list | promote | demote | delete` to the program. */
export function addUsersCommands(program: Command, output: CliOutput): void {
  const users = program.command("users").description("manage accounts and administrators");

  users
    .command("create-admin")
    .description(
      "create an administrator, or make the account with this user id and email one (at most two administrators)",
    )
    .requiredOption("--username <id>", "user id: 3–32 letters, digits, '_', '.' or '-'")
    .requiredOption("--email <address>", "email address")
    .option("--display-name <name>", "name shown to others (default: the user id)")
    .addOption(
      new Option("--password-stdin", "read the new account's password from standard input"),
    )
    .addOption(
      new Option(
        "--password-env <variable>",
        "read the new account's password from this environment variable",
      ).conflicts("passwordStdin"),
    )
    .addHelpText(
      "after",
      "\nThe password is never an argument (other users could read it in the process list).\n" +
        "Example: printf '%s' \"$PASSWORD\" | codegenie users create-admin --username ada --email ada@example.com --password-stdin\n",
    )
    .action(async (options: CreateAdminOptions) => (await actions()).createAdmin(options, output));

  users
    .command("list")
    .description("list accounts, newest first")
    .option("--json", "print a JSON array (the admin API's user objects)")
    .addOption(
      new Option("--role <role>", "only users or only administrators").choices(["user", "admin"]),
    )
    .option("--search <text>", "only accounts whose user id, email or display name contains this")
    .action(async (options: ListOptions) => (await actions()).listUsers(options, output));

  users
    .command("promote")
    .description("make an account an administrator (at most two)")
    .argument("<user>", "user id or email")
    .action(async (login: string) => (await actions()).setRole(login, "admin", output));

  users
    .command("demote")
    .description("make an administrator a plain user (not the last one)")
    .argument("<user>", "user id or email")
    .action(async (login: string) => (await actions()).setRole(login, "user", output));

  users
    .command("delete")
    .description(
      "delete an account with its sessions, history and feedback, as the admin page does (not the last administrator)",
    )
    .argument("<user>", "user id or email")
    .option("--yes", "delete without asking (needed when standard input is not a terminal)")
    .addHelpText(
      "after",
      "\nWithout --yes it asks you to type the user id. Example: codegenie users delete grace --yes\n",
    )
    .action(async (login: string, options: DeleteOptions) =>
      (await actions()).deleteUser(login, options, output),
    );
}
