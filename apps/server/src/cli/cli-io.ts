// What every command shares, and nothing heavy: --help must not load the database.

/** Exit codes of `codegenie`. */
export const EXIT = {
  ok: 0,
  failure: 1,
  /** Bad arguments or configuration. */
  usage: 2,
  /** Refused by the two-administrator limit. */
  limitReached: 3,
} as const;

/** Where the command writes: standard output for results, standard error for everything else. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
