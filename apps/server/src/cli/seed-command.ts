import { type Command, InvalidArgumentError } from "commander";
import type { CliOutput } from "./cli-io";

/** Options of `codegenie db seed` as commander parses them. */
interface SeedCommandOptions {
  users: number;
  queries: number;
  feedback: number;
  seed: number;
  codeBlocks: boolean;
  force?: boolean;
}

function count(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) {
    throw new InvalidArgumentError("expected a whole number ≥ 0");
  }
  return parsed;
}

/** Adds `db seed` (realistic fake data in bulk, for development and benchmarks) to `db`. */
export function addSeedCommand(db: Command, output: CliOutput): void {
  db.command("seed")
    .description(
      "fill the database with fake accounts, history and feedback for development and benchmarks",
    )
    .option(
      "--users <n>",
      "accounts (the first is an administrator when there is none)",
      count,
      100,
    )
    .option("--queries <n>", "history rows (generate and explain requests)", count, 10_000)
    .option("--feedback <n>", "rated queries (at most --queries)", count, 1_000)
    .option("--seed <n>", "seed of the random generator: same seed, same rows", count, 1)
    .option("--no-code-blocks", "do not write code blocks (the quality panel stays empty)")
    .option("--force", "seed even though the database already has accounts")
    .addHelpText(
      "after",
      "\nEvery seeded account has the password 'codegenie-dev-password'. Never seed a production database.\n" +
        "Example: npm run seed -- --users 10000 --queries 1000000 --feedback 100000\n",
    )
    .action(async (options: SeedCommandOptions) => {
      const [{ withSession }, { seedDatabase, SEED_PASSWORD, SeedRefusedError }] =
        await Promise.all([import("./cli-session"), import("../seed/seed.service")]);
      const { UsageError } = await import("./cli-io");
      await withSession(async ({ database, hasher }) => {
        const started = performance.now();
        try {
          const report = await seedDatabase(
            database.db,
            {
              users: options.users,
              queries: options.queries,
              feedback: options.feedback,
              seed: options.seed,
              withCodeBlocks: options.codeBlocks,
              force: options.force === true,
            },
            {
              passwordHash: await hasher.hash(SEED_PASSWORD),
              progress: (line) => output.err(`${line}\n`),
            },
          );
          for (const { table, rows, seconds } of report) {
            const rate = seconds > 0 ? Math.round(rows / seconds) : rows;
            output.out(`${table}: ${rows} rows in ${seconds.toFixed(1)} s (${rate} rows/s)\n`);
          }
          const total = (performance.now() - started) / 1000;
          output.out(
            `Seeded in ${total.toFixed(1)} s. Every seeded account's password: ${SEED_PASSWORD}\n`,
          );
        } catch (error) {
          if (error instanceof SeedRefusedError) throw new UsageError(error.message);
          throw error;
        }
      });
    });
}
