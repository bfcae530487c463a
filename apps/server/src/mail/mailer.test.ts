import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppConfig, loadConfig } from "../config/config";
import { type SmtpTestServer, startSmtpTestServer } from "../testing/smtp-test-server";
import { createMailer } from "./mailer";

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(() => smtp.close());

/** A logger whose JSON lines land in `lines`. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

const smtpConfig = (env: Record<string, string>): AppConfig["smtp"] =>
  loadConfig({ DATA_DIR: "/tmp/unused", ...env }).smtp;

describe("mailer", () => {
  it("is off without SMTP_HOST, and says so once at start", () => {
    const { logger, lines } = capturingLogger();
    expect(createMailer(smtpConfig({}), logger)).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(40);
    expect(lines[0]?.msg).toMatch(/SMTP_HOST is not set: email recovery is off/);
  });

  it("delivers plain-text mail from SMTP_FROM over SMTP, and close waits for it", async () => {
    const { logger } = capturingLogger();
    const mailer = createMailer(
      smtpConfig({ ...smtp.env, SMTP_FROM: "CodeGenie <robot@codegenie.test>" }),
      logger,
    );
    if (!mailer) throw new Error("a mailer was expected");
    const text = `Grüße — ${"a long line ".repeat(12)}\ncode 123456\n`;
    const sending = mailer.send({ to: "Reader@Example.test", subject: "Hello there", text });
    await mailer.close();
    await sending;
    const mail = await smtp.waitForMessage("reader@example.test", 100);
    expect(mail).toMatchObject({
      from: "robot@codegenie.test",
      to: ["reader@example.test"],
      subject: "Hello there",
    });
    expect(mail.text.trim()).toBe(text.trim());
  });

  it("rejects when the SMTP server cannot be reached", async () => {
    const { logger } = capturingLogger();
    const closed = await startSmtpTestServer();
    await closed.close();
    const mailer = createMailer(smtpConfig(closed.env), logger);
    await expect(
      mailer?.send({ to: "someone@example.test", subject: "x", text: "x" }),
    ).rejects.toThrow();
  });
});
