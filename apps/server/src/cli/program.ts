import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/config";
import { AppError } from "../errors";
import { addBackupCommand } from "./backup-command";
import { type CliOutput, EXIT, EXIT_CODES_HELP, UsageError } from "./cli-io";
import { describeDatabase } from "./describe-database";
import { addModelsCommands } from "./models-commands";
import { addSeedCommand } from "./seed-command";
import { addServeCommand } from "./serve-command";
import { addUsersCommands } from "./users-commands";

/** What to do next after a refusal, by error code. */
const HINTS: Partial<Record<AppError["code"], string>> = {
  "admin.limit_reached": "Demote one first: codegenie users demote <user>.",
  "admin.last_admin": "Promote another account first: codegenie users promote <user>.",
};

/**
 * The message of a failure. Drizzle wraps database errors in one whose message holds the SQL and
 * its parameters (a password hash, say): show the database's own message instead.
 */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof AppError || !(error.cause instanceof Error)) return error.message;
  return error.cause.message;
}

/** The `codegenie` program; commands write to `output`. */
export function buildProgram(output: CliOutput): Command {
  const program = new Command("codegenie")
    .description(
      "Manage a CodeGenie installation. Reads the same environment as the server (DATA_DIR, DATABASE_URL, …).",
    )
    // Set before adding commands: subcommands inherit them.
    .exitOverride()
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText("after", `\n${EXIT_CODES_HELP}\n`);

  addServeCommand(program);
  addUsersCommands(program, output);
  addModelsCommands(program, output);

  const db = program.command("db").description("the database");
  db.command("migrate")
    .description("apply pending migrations (the server also applies them when it starts)")
    .action(async () => {
      const { withSession } = await import("./cli-session");
      await withSession(async ({ config }) => {
        output.out(`The database is up to date (${describeDatabase(config.database)}).\n`);
      });
    });
  addBackupCommand(db, output);
  addSeedCommand(db, output);
  return program;
}

/** Runs `codegenie` with `argv` (the arguments after the program name); resolves to its exit code. */
export async function runCli(argv: string[], output: CliOutput): Promise<number> {
  try {
    await buildProgram(output).parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    // Commander has already printed its own message (or the help it was asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    output.err(`error: ${describeFailure(error)}\n`);
    if (error instanceof UsageError || error instanceof ConfigError) return EXIT.usage;
    if (!(error instanceof AppError)) return EXIT.failure;
    const hint = HINTS[error.code];
    if (hint) output.err(`${hint}\n`);
    if (error.code === "admin.limit_reached") return EXIT.limitReached;
    return error.code === "user.not_found" || error.code === "model.not_found"
      ? EXIT.notFound
      : EXIT.failure;
  }
}
