import { runCli } from "./program";

/**
 * `codegenie`, the command line (`npm run codegenie -- <command>` from the repository root, or the
 * `codegenie` command that npm links from apps/server's `bin`). It runs through tsx like the
 * server itself (docs/decisions/0001), reads the same environment and database, and exits with
 * 0 done, 1 failed, 2 usage or configuration error, 3 refused by the two-administrator limit.
 */
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
