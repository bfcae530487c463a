import type { FastifyServerOptions } from "fastify";
import type { AppConfig } from "./config/config";

/**
 * Paths pino replaces with "[redacted]": credentials in headers and any field that carries a
 * password, token, code or secret, wherever a log call puts it.
 */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  "*.password",
  "*.newPassword",
  "*.currentPassword",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.apiKey",
  "*.secret",
  "*.otp",
  "*.answers",
  "*.authorization",
  "*.cookie",
  "*.jwtSecretKey",
  "*.hfToken",
  "*.databaseUrl",
  "*.metricsToken",
];

/**
 * Fastify's logger options: JSON lines to standard output (or to `stream`, for tests) at the
 * configured level, secrets redacted.
 */
export function loggerOptions(
  config: Pick<AppConfig, "logLevel">,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions["logger"] {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    ...(stream === undefined ? {} : { stream }),
  };
}
