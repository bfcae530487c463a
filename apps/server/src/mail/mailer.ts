import type { FastifyBaseLogger } from "fastify";
import nodemailer from "nodemailer";
import type { AppConfig } from "../config/config";

/** One plain-text email. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends CodeGenie's email over SMTP. */
export interface Mailer {
  /** Hands one message to the SMTP server; rejects when the server refuses or cannot be reached. */
  send(message: MailMessage): Promise<void>;
  /** Waits for messages still being sent, then closes the transport. */
  close(): Promise<void>;
}

/** Longest wait for the SMTP server to connect and greet, in milliseconds. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Longest silence on an open SMTP connection, in milliseconds. */
const SOCKET_TIMEOUT_MS = 30_000;

/**
 * The mailer for SMTP_HOST/PORT/SECURE/USER/PASSWORD/FROM, or null when SMTP_HOST is unset: then
 * email recovery is off, and the server says so once at start.
 */
export function createMailer(smtp: AppConfig["smtp"], logger: FastifyBaseLogger): Mailer | null {
  if (smtp.host === undefined) {
    logger.warn(
      "SMTP_HOST is not set: email recovery is off (users can still reset their password with their security questions)",
    );
    return null;
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    // false: plain connection upgraded with STARTTLS when the server offers it.
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  const inFlight = new Set<Promise<unknown>>();
  return {
    async send(message) {
      const sending = transport.sendMail({ from: smtp.from, ...message });
      inFlight.add(sending);
      try {
        await sending;
      } finally {
        inFlight.delete(sending);
      }
    },
    async close() {
      await Promise.allSettled(inFlight);
      transport.close();
    },
  };
}
