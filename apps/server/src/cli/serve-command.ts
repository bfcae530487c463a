import { type Command, InvalidArgumentError } from "commander";

/** Options of `codegenie serve` as commander parses them. */
interface ServeOptions {
  port?: string;
  host?: string;
  tunnel?: boolean;
}

function portNumber(value: string): string {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError("expected a port number, 0–65535 (0: any free port)");
  }
  return value;
}

/** Adds `serve`: runs the server as `npm start` does (without building the web app). */
export function addServeCommand(program: Command): void {
  program
    .command("serve")
    .description(
      "run the server: web app, API and docs on one port, until SIGTERM or Ctrl-C (like npm start, which also builds the web app first)",
    )
    .option("--port <port>", "TCP port (default: PORT, else 8501)", portNumber)
    .option("--host <address>", "interface to listen on (default: HOST, else 127.0.0.1)")
    .option(
      "--tunnel",
      "also open a public URL through ngrok (needs NGROK_AUTHTOKEN; setting it alone does the same)",
    )
    .addHelpText(
      "after",
      "\nLogs are JSON lines on standard output. When ngrok cannot be reached the error is logged and\n" +
        "the server keeps serving locally. Exposing CodeGenie: see README, 'Running in production'.\n",
    )
    .action(async (options: ServeOptions) => {
      const [{ loadConfig }, { planTunnel }] = await Promise.all([
        import("../config/config"),
        import("../tunnel/public-tunnel"),
      ]);
      const config = loadConfig({
        ...process.env,
        ...(options.port === undefined ? {} : { PORT: options.port }),
        ...(options.host === undefined ? {} : { HOST: options.host }),
      });
      // Before anything starts: `--tunnel` without a token is a configuration error (exit 2).
      planTunnel(config.ngrokAuthtoken, options.tunnel === true);
      const { runServer } = await import("../run-server");
      await runServer(config, { isTunnelRequested: options.tunnel === true });
      // The server now runs until a signal; run-server.ts exits the process when it has stopped.
    });
}
