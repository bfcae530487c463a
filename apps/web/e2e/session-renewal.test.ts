import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { field, newAccount, signedInName, signUpThroughUi } from "./accounts";
import { launchBrowser, type TestBrowser } from "./launch-browser";
import { startServer, type TestServer } from "./start-server";

// Access tokens that expire after three seconds (short enough to wait for, long enough that one
// page load fits in one token), so the app must renew them silently: once for all
// the requests that find their token expired together (the server ends a session whose refresh
// token is presented twice), and before a stream starts.
let server: TestServer;
let browser: TestBrowser;
beforeAll(async () => {
  server = await startServer(
    [{ id: "tiny", name: "Tiny test model", promptFormat: "phi-2", file: inject("tinyModelPath") }],
    { ACCESS_TOKEN_TTL_SECONDS: "3" },
  );
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** API answers as they arrive: "POST /api/auth/refresh 200". */
function recordApiAnswers(page: Page): string[] {
  const answers: string[] = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith("/api/")) return;
    answers.push(`${response.request().method()} ${url.pathname} ${response.status()}`);
  });
  return answers;
}

const waitForExpiry = (page: Page) => page.waitForTimeout(3100);

describe("renewing the session", () => {
  const account = newAccount("Katherine");

  it("renews an expired token before streaming, and once for concurrent requests", async () => {
    const page = await browser.context.newPage();
    await signUpThroughUi(page, server.url, account);
    const answers = recordApiAnswers(page);

    await waitForExpiry(page);
    await field(page, "Prompt").fill("Hello");
    await page.getByRole("button", { name: "Advanced settings" }).click();
    await field(page, "Max tokens").fill("4");
    await page.getByRole("button", { name: "Send" }).click();
    await expect
      .poll(() => page.getByRole("status").textContent(), { timeout: 60_000 })
      .toBe("Finished");
    const fromGenerate = answers.slice(answers.indexOf("POST /api/generate 401"));
    expect(fromGenerate.filter((answer) => !answer.startsWith("GET"))).toEqual([
      "POST /api/generate 401",
      "POST /api/auth/refresh 200",
      "POST /api/generate 200",
    ]);

    // The profile page asks for the user and the sessions at once, both with the expired token.
    answers.length = 0;
    await waitForExpiry(page);
    await page.getByRole("link", { name: "Profile" }).click();
    await expect.poll(() => page.getByRole("cell", { name: /This device/ }).count()).toBe(1);
    expect(answers.filter((answer) => answer.includes("/api/auth/refresh"))).toEqual([
      "POST /api/auth/refresh 200",
    ]);
    expect(answers).toContain("GET /api/me 200");
    expect(answers).toContain("GET /api/me/sessions 200");

    // Still signed in, after a reload too (the rotated refresh cookie still works).
    await page.reload();
    await expect.poll(() => signedInName(page).textContent()).toBe(account.displayName);
    await page.close();
  });
});
