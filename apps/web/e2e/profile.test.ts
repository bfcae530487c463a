import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { field, newAccount, signedInName, signInThroughUi, signUpThroughApi } from "./accounts";
import { launchBrowser, type TestBrowser } from "./launch-browser";
import { screenshotPath } from "./screenshots";
import { ABSENT_MODEL, startServer, type TestServer } from "./start-server";

// The profile page in real Chromium against the real server: the avatar goes through the real
// upload, re-encoding and serving, and shows up in the header.
let server: TestServer;
let browser: TestBrowser;
beforeAll(async () => {
  server = await startServer([ABSENT_MODEL]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A small picture made on the spot: a teal square with an orange disc. */
function makeAvatarPng(): Promise<Buffer> {
  const disc = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><circle cx="48" cy="48" r="30" fill="#f76707"/></svg>',
  );
  return sharp({ create: { width: 96, height: 96, channels: 3, background: "#0ca678" } })
    .composite([{ input: disc }])
    .png()
    .toBuffer();
}

describe("the profile page", () => {
  it("uploads an avatar that then shows in the header", async () => {
    const account = newAccount("Hedy");
    await signUpThroughApi(browser.context, server.url, account);
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/profile`);

    const header = page.getByRole("banner");
    const headerAvatar = header.getByRole("img", { name: `Avatar of ${account.displayName}` });
    // Until a picture is chosen, the header shows initials, not an image.
    await expect.poll(() => page.getByRole("heading", { name: "Avatar" }).count()).toBe(1);
    expect(await headerAvatar.count()).toBe(0);
    await expect.poll(() => page.getByRole("cell", { name: /This device/ }).count()).toBe(1);

    await page.locator('input[type="file"]').setInputFiles({
      name: "me.png",
      mimeType: "image/png",
      buffer: await makeAvatarPng(),
    });
    await expect
      .poll(() => page.getByRole("img", { name: "Preview of the chosen picture" }).count())
      .toBe(1);
    await page.getByRole("button", { name: "Upload this picture" }).click();

    await expect
      .poll(() => headerAvatar.getAttribute("src"), { timeout: 15_000 })
      .toMatch(/^\/api\/users\/[0-9a-f-]{36}\/avatar\?v=\d+$/);
    // The picture really loads (the server serves the re-encoded image).
    await expect
      .poll(() => headerAvatar.evaluate((image) => (image as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.getByRole("radio", { name: "My uploaded picture" }).isChecked()).toBe(true);
    await page.screenshot({ path: await screenshotPath("profile"), fullPage: true });
    await page.close();
  });

  it("renames, exports the data, and deletes the account", async () => {
    const account = newAccount("Joan");
    await signUpThroughApi(browser.context, server.url, account);
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/profile`);

    await field(page, "Display name").fill("Joan Clarke");
    await page.getByRole("button", { name: "Save details" }).click();
    await expect.poll(() => signedInName(page).textContent()).toBe("Joan Clarke");

    // A new email needs the current password (resets go there).
    const details = page.getByRole("region", { name: "Your details" });
    const newEmail = account.email.replace("@", ".new@");
    await details.getByLabel(/^Email/).fill(newEmail);
    await details.getByLabel(/^Current password/).fill("not my password");
    await page.getByRole("button", { name: "Save details" }).click();
    await expect.poll(() => details.getByText("The current password is wrong.").count()).toBe(1);
    await details.getByLabel(/^Current password/).fill(account.password);
    await page.getByRole("button", { name: "Save details" }).click();
    await expect.poll(() => details.getByText("Saved.").count()).toBe(1);
    await expect.poll(() => details.getByLabel(/^Current password/).count()).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export my data" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^codegenie-joan\d+-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = await readFile(await download.path(), "utf8");
    expect(exported).toContain(newEmail);

    await page.getByRole("button", { name: "Delete my account…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete your account?" });
    await field(page, "Your password").fill("not my password");
    await dialog.getByRole("button", { name: "Delete my account" }).click();
    await expect.poll(() => dialog.getByText("The current password is wrong.").count()).toBe(1);
    await field(page, "Your password").fill(account.password);
    await dialog.getByRole("button", { name: "Delete my account" }).click();
    await page.waitForURL(/\/login$/);
    await expect
      .poll(() => page.getByText("Your account and its data have been deleted.").count())
      .toBe(1);

    await signInThroughUi(page, account.username, account.password);
    await expect.poll(() => page.getByText("Wrong user id or password").count()).toBe(1);
    await page.close();
  });
});
