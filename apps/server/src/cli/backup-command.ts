import type { Command } from "commander";
import type { CliOutput } from "./cli-io";

/** Adds `db backup <file>` to `db`; the work is in backup-actions.ts, loaded when it runs. */
export function addBackupCommand(db: Command, output: CliOutput): void {
  db.command("backup")
    .description(
      "write a backup of the database to a file: the embedded PGlite data folder as a .tar.gz, or a PostgreSQL server through pg_dump (custom format)",
    )
    .argument("<file>", "file to write (kept as <file>.partial until complete)")
    .option("--force", "replace the file when it exists")
    .addHelpText(
      "after",
      "\nEmbedded PGlite: stop the server first (one process at a time may open the data folder).\n" +
        "  Restore: stop the server, then mkdir -p DATA_DIR/db && tar -xzf <file> -C DATA_DIR/db (an empty folder).\n" +
        "PostgreSQL: needs pg_dump (postgresql-client, same major version as the server or newer); the server may keep running.\n" +
        "  Restore: pg_restore --dbname <empty database> <file>.\n",
    )
    .action(async (file: string, options: { force?: boolean }) =>
      (await import("./backup-actions")).backupDatabase(file, options, output),
    );
}
