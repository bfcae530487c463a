import type { FastifyInstance } from "fastify";
import { type AppConfig, ConfigError } from "../config/config";

/** An open ngrok endpoint: the part of @ngrok/ngrok's Listener this module uses. */
export interface TunnelListener {
  url(): string | null;
  close(): Promise<void>;
}

/**
 * Opens an endpoint that forwards to `addr` (`127.0.0.1:8501`): @ngrok/ngrok's `forward` in
 * production. Tests pass a stand-in for the success path, because ngrok's service cannot be
 * reached from here.
 */
export type TunnelForward = (options: {
  addr: string;
  authtoken: string;
}) => Promise<TunnelListener>;

/** Whether to open a public URL, and with which ngrok token. */
export type TunnelPlan = { isWanted: false } | { isWanted: true; authtoken: string };

/**
 * The tunnel opens when NGROK_AUTHTOKEN is set; `--tunnel` (`codegenie serve`) asks for it
 * explicitly, so without a token it is a configuration error rather than a quiet local-only server.
 */
export function planTunnel(authtoken: string | undefined, isRequested = false): TunnelPlan {
  if (authtoken) return { isWanted: true, authtoken };
  if (isRequested) {
    throw new ConfigError(
      "--tunnel needs an ngrok auth token: set NGROK_AUTHTOKEN (https://dashboard.ngrok.com/get-started/your-authtoken).",
    );
  }
  return { isWanted: false };
}

/** Where ngrok connects to reach a server listening on `host`: a wildcard means loopback. */
export function tunnelAddress(host: string, port: number): string {
  if (host === "0.0.0.0") return `127.0.0.1:${port}`;
  if (host === "::") return `[::1]:${port}`;
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A public URL that opens after `listen` and closes first when the app closes. */
export interface PublicTunnel {
  /**
   * Opens the tunnel to `port` when the plan wants one and logs its URL. Never throws: when ngrok
   * cannot be reached it logs the error and resolves to null, and the server keeps serving locally.
   */
  open(port: number): Promise<string | null>;
}

/** Options of `preparePublicTunnel`. */
export interface PublicTunnelOptions {
  /** `codegenie serve --tunnel`: a tunnel is required, so a missing token is a ConfigError. */
  isTunnelRequested?: boolean;
  /** Default: @ngrok/ngrok's `forward`, loaded only when a tunnel is wanted. */
  forward?: TunnelForward;
}

/**
 * Plans the public URL for `app` and registers a preClose hook that closes it, so that on
 * shutdown the public entrance shuts before the local one. Call before `listen` (Fastify takes no
 * hooks after), then `open(port)` once listening. Throws ConfigError for `--tunnel` without a token.
 */
export function preparePublicTunnel(
  app: FastifyInstance,
  config: Pick<AppConfig, "host" | "ngrokAuthtoken" | "trustProxy">,
  options: PublicTunnelOptions = {},
): PublicTunnel {
  const plan = planTunnel(config.ngrokAuthtoken, options.isTunnelRequested);
  let listener: TunnelListener | null = null;
  app.addHook("preClose", async () => {
    const closing = listener;
    listener = null;
    if (!closing) return;
    try {
      await closing.close();
      app.log.info("closed the public URL");
    } catch (error) {
      app.log.warn({ err: error }, "could not close the public URL cleanly");
    }
  });

  return {
    async open(port) {
      if (!plan.isWanted) return null;
      const addr = tunnelAddress(config.host, port);
      try {
        const forward = options.forward ?? (await import("@ngrok/ngrok")).forward;
        listener = await forward({ addr, authtoken: plan.authtoken });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        app.log.error(
          { err: error },
          `could not open the public URL through ngrok (${reason}); CodeGenie keeps serving locally on port ${port}`,
        );
        return null;
      }
      const url = listener.url();
      app.log.info({ url, forwardsTo: addr }, `public URL: ${url}`);
      if (!config.trustProxy) {
        app.log.warn(
          "TRUST_PROXY is false: behind the tunnel every client seems to come from this machine (one shared rate limit) and the session cookie is not marked Secure; set TRUST_PROXY=true",
        );
      }
      return url;
    },
  };
}
