import {
  extractCode,
  type SmtpTestServer,
  startSmtpTestServer,
} from "@codegenie/server/testing/smtp";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { field, newAccount, registerThroughApi, signedInName, signInThroughUi } from "./accounts";
import { launchBrowser, type TestBrowser } from "./launch-browser";
import { screenshotPath } from "./screenshots";
import { ABSENT_MODEL, startServer, type TestServer } from "./start-server";

// Forgotten passwords in real Chromium: the server mails the code over real SMTP to a test
// mailbox on loopback; the test reads it there, like a person reading their email.
let mailbox: SmtpTestServer;
let server: TestServer;
let browser: TestBrowser;
beforeAll(async () => {
  mailbox = await startSmtpTestServer();
  server = await startServer([ABSENT_MODEL], mailbox.env);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await mailbox?.close();
});

const NEW_PASSWORD = "orange glacier piano 93";

async function expectSignInWorks(page: Page, login: string, displayName: string) {
  await signInThroughUi(page, login, NEW_PASSWORD);
  await page.waitForURL(/\/generate$/);
  await expect.poll(() => signedInName(page).textContent()).toBe(displayName);
  await page.getByRole("button", { name: `Account menu of ${displayName}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(/\/login$/);
}

describe("resetting a forgotten password", () => {
  it("with a code sent by email", async () => {
    const account = newAccount("Mary");
    await registerThroughApi(browser.context, server.url, account);

    const page = await browser.context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL(/\/forgot-password$/);
    expect(
      await page.getByRole("tab", { name: "Email me a code" }).getAttribute("aria-selected"),
    ).toBe("true");
    await field(page, "Email").fill(account.email);
    await page.getByRole("button", { name: "Email me a code" }).click();

    const mail = await mailbox.waitForMessage(account.email, 15_000);
    const code = extractCode(mail);
    await field(page, "Code from the email").fill(code);
    await field(page, "New password").fill(NEW_PASSWORD);
    await page.screenshot({ path: await screenshotPath("forgot-password-code") });
    await page.getByRole("button", { name: "Set new password" }).click();

    await page.waitForURL(/\/login$/);
    await expect.poll(() => page.getByText("Your password has been changed").count()).toBe(1);
    // The old password no longer works; the new one does.
    await signInThroughUi(page, account.username, account.password);
    await expect.poll(() => page.getByText("Wrong user id or password").count()).toBe(1);
    await expectSignInWorks(page, account.username, account.displayName);
    await page.close();
  });

  it("with the answers to the security questions", async () => {
    const account = newAccount("Alan");
    await registerThroughApi(browser.context, server.url, account, {
      securityQuestions: [
        { question: "Name of my first computer?", answer: "Pilot ACE" },
        { question: "Town where I was born?", answer: "Maida Vale" },
      ],
    });

    const page = await browser.context.newPage();
    await page.goto(`${server.url}/forgot-password`);
    await page.getByRole("tab", { name: "Answer security questions" }).click();
    await field(page, "Email").fill(account.email);
    await page.getByRole("button", { name: "Show my questions" }).click();

    await field(page, "Name of my first computer?").fill("pilot ace");
    await field(page, "Town where I was born?").fill("Somewhere else");
    await field(page, "New password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect.poll(() => page.getByText("The code or answers did not work").count()).toBe(1);

    await field(page, "Town where I was born?").fill("maida vale");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.waitForURL(/\/login$/);
    await expectSignInWorks(page, account.email, account.displayName);
    await page.close();
  });
});
