import { ConfigError, loadConfig } from "./config/config";
import { runServer } from "./run-server";

/** `npm start`: reads the configuration from the environment and runs the server. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Before the configuration is read there is no logger: a plain line on stderr.
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  await runServer(config);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`CodeGenie failed to start: ${message}\n`);
  process.exit(1);
});
