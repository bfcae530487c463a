import { runCli } from "./program";

/**
 * `codegenie`, the command line (`npm run codegenie -- <command>` from the repository root, or the
 * `codegenie` command that npm links from apps/server's `bin`). It runs through tsx like the
 * server itself (docs/decisions/0001), reads the same environment and database, and exits with
 * the exit codes of cli-io.ts (EXIT).
 */
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
