import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One email the test server received. */
export interface ReceivedMail {
  /** Envelope sender. */
  from: string;
  /** Envelope recipients, lower-cased. */
  to: string[];
  /** The Subject header, unfolded. */
  subject: string;
  /** The body, with quoted-printable or base64 transfer encoding undone. */
  text: string;
  /** The message exactly as received, headers included. */
  raw: string;
}

/** A real SMTP server on loopback that keeps what it receives, for tests. */
export interface SmtpTestServer {
  host: string;
  port: number;
  /** What to pass to buildTestApp (or a server process) so CodeGenie mails here. */
  env: { SMTP_HOST: string; SMTP_PORT: string };
  /** Every message received so far, oldest first. */
  messages: ReceivedMail[];
  /**
   * The oldest message to `to` not yet returned by this function, waiting for it to arrive
   * (rejects after `timeoutMs`, default 5 000). Each message is returned once, so calling it
   * after each request gives that request's email.
   */
  waitForMessage(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * Starts an SMTP server on 127.0.0.1 and a free port. It offers no STARTTLS and needs no login,
 * so nodemailer talks plain SMTP to it (the default SMTP_SECURE=false).
 */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom ? mailFrom.address : "",
          to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
          ...parseMessage(raw),
          raw,
        });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  const host = "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  const takeFor = (to: string): ReceivedMail | undefined => {
    const found = messages.find((mail) => !taken.has(mail) && mail.to.includes(to));
    if (found) taken.add(found);
    return found;
  };

  return {
    host,
    port,
    env: { SMTP_HOST: host, SMTP_PORT: String(port) },
    messages,
    waitForMessage(to, timeoutMs = 5000) {
      const recipient = to.toLowerCase();
      return new Promise((resolve, reject) => {
        const check = () => {
          const mail = takeFor(recipient);
          if (!mail) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no email to ${recipient} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first 6-digit code in an email's body (what password recovery sends). */
export function extractCode(mail: ReceivedMail): string {
  const match = /\b(\d{6})\b/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no 6-digit code in: ${mail.text}`);
  return match[1];
}

/** Just enough of RFC 5322 and MIME for single-part text messages like CodeGenie's. */
function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = headers.get("content-transfer-encoding")?.toLowerCase();
  let text = body;
  if (encoding === "base64") text = Buffer.from(body, "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
    text = Buffer.from(bytes, "latin1").toString("utf8");
  }
  return { subject: headers.get("subject") ?? "", text: text.replace(/\r\n/g, "\n") };
}
