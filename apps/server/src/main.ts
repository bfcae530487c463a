import { ConfigError, loadConfig } from "./config/config";
import { runServer } from "./run-server";

/** `npm start`: reads the configuration from the environment and runs the server. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  await runServer(config);
}

main().catch((error: unknown) => {
  console.error("CodeGenie failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
