import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  field,
  fillSignUpForm,
  newAccount,
  registerThroughApi,
  signedInName,
  signInThroughUi,
  signOutThroughMenu,
} from "./accounts";
import { launchBrowser, type TestBrowser } from "./launch-browser";
import { screenshotPath } from "./screenshots";
import { ABSENT_MODEL, startServer, type TestServer } from "./start-server";

// Sign-up, sign-in and sign-out in real Chromium against the real server (no models needed).
let server: TestServer;
let browser: TestBrowser;
beforeAll(async () => {
  // Three wrong passwords in a row lock an account (the default is ten).
  server = await startServer([ABSENT_MODEL], { LOGIN_LOCKOUT_AFTER: "3" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("accounts in the browser", () => {
  const admin = newAccount("Ada");

  it("signs up (with the server's password hint), out, and in again", async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForURL(/\/login$/);
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL(/\/signup$/);
    await expect.poll(() => page.getByText("You are the first one here").count()).toBe(1);

    // A weak password: the server says what to change, under the field.
    await fillSignUpForm(page, { ...admin, password: "ada12345" });
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.getByText("This password is too weak").count()).toBe(1);
    await page.screenshot({ path: await screenshotPath("sign-up"), fullPage: true });

    await field(page, "Password").fill(admin.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/generate$/);
    await expect.poll(() => signedInName(page).textContent()).toBe(admin.displayName);
    // The first account is the administrator and sees Admin.
    const navigation = page.getByRole("navigation", { name: "Main navigation" });
    await expect.poll(() => navigation.getByRole("link", { name: "Admin" }).count()).toBe(1);

    await signOutThroughMenu(page, admin);
    await signInThroughUi(page, admin.username, "not the password at all");
    await expect.poll(() => page.getByText("Wrong user id or password").count()).toBe(1);
    await page.screenshot({ path: await screenshotPath("sign-in-wrong-password") });

    await signInThroughUi(page, admin.email, admin.password);
    await page.waitForURL(/\/generate$/);
    await expect.poll(() => signedInName(page).textContent()).toBe(admin.displayName);
    await page.close();
  });

  it("keeps the session across a reload, and sends signed-in people away from /login", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/login`);
    await page.waitForURL(/\/generate$/);
    await page.reload();
    await expect.poll(() => signedInName(page).textContent()).toBe(admin.displayName);
    await signOutThroughMenu(page, admin);
    await page.close();
  });

  it("returns people to the page they wanted after signing in; users see no Admin", async () => {
    const user = newAccount("Linus");
    await registerThroughApi(browser.context, server.url, user);

    const page = await browser.context.newPage();
    await page.goto(`${server.url}/profile`);
    await page.waitForURL(/\/login$/);
    await signInThroughUi(page, user.username, user.password);
    await page.waitForURL(/\/profile$/);
    await expect.poll(() => signedInName(page).textContent()).toBe(user.displayName);

    const navigation = page.getByRole("navigation", { name: "Main navigation" });
    await expect.poll(() => navigation.getByRole("link", { name: "Profile" }).count()).toBe(1);
    expect(await navigation.getByRole("link", { name: "Admin" }).count()).toBe(0);
    await page.goto(`${server.url}/admin`);
    await expect.poll(() => page.getByText("Page not found").count()).toBe(1);
    await signOutThroughMenu(page, user);
    await page.close();
  });

  it("says how long to wait when too many wrong passwords have locked the account", async () => {
    const user = newAccount("Barbara");
    await registerThroughApi(browser.context, server.url, user);
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/login`);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await signInThroughUi(page, user.username, `wrong password ${attempt}`);
      await expect
        .poll(() => page.getByRole("button", { name: "Sign in" }).isEnabled(), { timeout: 15_000 })
        .toBe(true);
    }
    // Even the right password is refused until the lock ends; the page says when to come back.
    await signInThroughUi(page, user.username, user.password);
    const alert = page.getByRole("alert");
    await expect
      .poll(() => alert.textContent(), { timeout: 15_000 })
      .toContain("This account is locked for a while");
    expect(await alert.textContent()).toContain("Try again in 15 minutes");
    await page.screenshot({ path: await screenshotPath("sign-in-locked") });
    await page.close();
  });
});
