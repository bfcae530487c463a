// What every command shares, and nothing heavy: --help must not load the database.

/** Exit codes of `codegenie`. */
export const EXIT = {
  ok: 0,
  failure: 1,
  /** Bad arguments or configuration. */
  usage: 2,
  /** Refused by the two-administrator limit. */
  limitReached: 3,
  /** The user or model named does not exist. */
  notFound: 4,
} as const;

/** The exit codes as `--help` lists them. */
export const EXIT_CODES_HELP =
  "Exit codes: 0 done, 1 failed, 2 usage or configuration error, 3 refused by the two-administrator limit, 4 no such user or model.";

/** Where the command writes: standard output for results, standard error for everything else. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
