import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newAccount, signUpThroughApi, signUpThroughUi, type TestAccount } from "./accounts";
import { type ApiClient, signInThroughApi } from "./api-client";
import { launchBrowser, type TestBrowser } from "./launch-browser";
import { screenshotPath } from "./screenshots";
import { startServer, type TestServer } from "./start-server";

/** How long the page may take to show what a step expects (a fetch on two busy cores). */
const UI_WAIT = { timeout: 15_000 };

// The admin page in real Chromium against the real server: the Overview shows the figures of a
// small data set made through the API (real llama.cpp answers, real VADER scores), the word cloud
// filters the feedback table, a promote → demote round trip respects the two-admin limit, and a
// plain user cannot open the page.
const admin = newAccount("Ada");
const bob = newAccount("Bob");
const cy = newAccount("Cy");

let server: TestServer;
let browser: TestBrowser;
/** Compounds of the three comments as the server scored them, to check the mean shown. */
const compounds: number[] = [];

async function register(account: TestAccount): Promise<ApiClient> {
  const registered = await server.app.inject({
    method: "POST",
    url: "/api/auth/register",
    payload: { ...account },
  });
  if (registered.statusCode !== 201) throw new Error(`sign-up failed: ${registered.body}`);
  return signInThroughApi(server, account);
}

/** Asks the tiny model something (2 tokens) and rates the answer; returns the answer's id. */
async function askAndRate(
  api: ApiClient,
  kind: "generate" | "explain",
  rating: number,
  comment: string,
): Promise<void> {
  const asked =
    kind === "generate"
      ? await api.request("POST", "/api/generate", {
          model: "tiny",
          prompt: "Write a function",
          maxTokens: 2,
        })
      : await api.request("POST", "/api/explain", {
          model: "tiny",
          code: "print(1)",
          language: "python",
          style: "beginner",
          maxTokens: 2,
        });
  expect(asked.status).toBe(200);
  const rated = await api.request("POST", "/api/feedback", {
    queryId: (asked.body as { id: string }).id,
    rating,
    comment,
  });
  expect(rated.status).toBe(201);
  compounds.push((rated.body as { sentiment: { compound: number } }).sentiment.compound);
}

beforeAll(async () => {
  server = await startServer([
    {
      id: "tiny",
      name: "Tiny test model",
      promptFormat: "deepseek-coder",
      file: inject("tinyModelPath"),
    },
  ]);
  browser = await launchBrowser();
  // The first account is the administrator.
  const page = await browser.context.newPage();
  await signUpThroughUi(page, server.url, admin);
  await page.close();

  const bobApi = await register(bob);
  const cyApi = await register(cy);
  await askAndRate(bobApi, "generate", 5, "Great answer, very helpful");
  await askAndRate(bobApi, "generate", 2, "The code was slow to write");
  await askAndRate(cyApi, "explain", 1, "Terrible explanation, slow and wrong");
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openAdmin(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}${path}`);
  await page.getByTestId("signed-in-name").waitFor();
  return page;
}

/** The value shown on the metric card named `label`. */
const metric = (page: Page, label: string) =>
  page.getByRole("group", { name: label, exact: true }).getByTestId("metric-value");

const signed = (value: number) => {
  const rounded = value.toFixed(2);
  return value > 0 ? `+${rounded}` : rounded.replace("-", "−");
};

describe("the Admin page", () => {
  it("shows the figures of a known data set on the Overview", async () => {
    const page = await openAdmin("/admin");
    await metric(page, "Total queries").waitFor(UI_WAIT);
    expect(await metric(page, "Total queries").textContent()).toBe("3");
    expect(await page.getByRole("group", { name: "Total queries" }).textContent()).toContain(
      "2 generate · 1 explain",
    );
    expect(await metric(page, "Active users 24 h").textContent()).toBe("2");
    expect(await metric(page, "Active users 7 d").textContent()).toBe("2");
    expect(await metric(page, "Average rating").textContent()).toBe("2.67");
    const mean = compounds.reduce((sum, value) => sum + value, 0) / compounds.length;
    expect(await metric(page, "Sentiment mean").textContent()).toBe(signed(mean));
    const modelRow = page.getByTestId("model-row");
    expect(await modelRow.count()).toBe(1);
    expect(await modelRow.textContent()).toMatch(/^tiny3/);
    // The charts are drawn (recharts renders SVG once it knows its size).
    await page.locator(".recharts-surface").first().waitFor(UI_WAIT);
    await page.waitForTimeout(800); // let the charts' entry animation finish
    await page.emulateMedia({ colorScheme: "light" });
    await page.screenshot({ path: await screenshotPath("admin-overview-light"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: await screenshotPath("admin-overview-dark"), fullPage: true });

    // The per-model table exports as CSV, properly quoted.
    const download = page.waitForEvent("download");
    await page
      .getByRole("region", { name: "Per model" })
      .getByRole("button", { name: "Export CSV" })
      .click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^codegenie-models-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await file.path()) ?? "", "utf8");
    expect(csv.split("\r\n")[0]).toContain("Model,Queries,Completed,Failed");
    expect(csv.split("\r\n")[1]).toMatch(/^tiny,3,/);
    await page.close();
  });

  it("shows the words of comments in a cloud; a word lists the comments containing it", async () => {
    const page = await openAdmin("/admin?tab=feedback");
    const rows = page.getByTestId("feedback-row");
    await expect.poll(() => rows.count(), UI_WAIT).toBe(3);
    const slow = page.getByRole("button", { name: /^slow, 2 comments, mean sentiment / });
    await slow.waitFor(UI_WAIT);
    await page.emulateMedia({ colorScheme: "light" });
    await page.screenshot({ path: await screenshotPath("admin-feedback-light"), fullPage: true });
    await slow.click();
    await expect.poll(() => rows.count(), UI_WAIT).toBe(2);
    for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain("slow");
    expect(page.url()).toContain("word=slow");
    expect(await slow.getAttribute("aria-pressed")).toBe("true");
    // Clearing the word shows every comment again.
    await page.getByRole("button", { name: /^Show all comments/ }).click();
    await expect.poll(() => rows.count(), UI_WAIT).toBe(3);
    await page.close();
  });

  it("promotes and demotes a user, and refuses a third administrator with the reason", async () => {
    const page = await openAdmin("/admin?tab=users");
    const rowOf = (account: TestAccount) =>
      page.locator(`[data-testid="user-row"][data-username="${account.username}"]`);
    await rowOf(bob).waitFor(UI_WAIT);
    const actOn = async (account: TestAccount, item: string) => {
      await page.getByRole("button", { name: `Actions for ${account.username}` }).click();
      await page.getByRole("menuitem", { name: item }).click();
    };

    await actOn(bob, "Make administrator");
    await expect
      .poll(() => page.getByText(`${bob.username} is now an administrator.`).count(), UI_WAIT)
      .toBe(1);
    await expect.poll(() => rowOf(bob).getByText("Admin", { exact: true }).count()).toBe(1);

    // Ada and Bob are the two administrators: Cy cannot be the third.
    await actOn(cy, "Make administrator");
    const refusal = page
      .getByRole("alert")
      .filter({ hasText: "There are already two administrators" });
    await expect.poll(() => refusal.count(), UI_WAIT).toBe(1);
    expect(await refusal.textContent()).toContain("admin.limit_reached");
    expect(await rowOf(cy).getByText("User", { exact: true }).count()).toBe(1);
    await page.screenshot({ path: await screenshotPath("admin-users-limit"), fullPage: true });

    await actOn(bob, "Make plain user");
    await expect
      .poll(() => page.getByText(`${bob.username} is now a plain user.`).count(), UI_WAIT)
      .toBe(1);
    await expect.poll(() => rowOf(bob).getByText("User", { exact: true }).count()).toBe(1);

    // The server agrees, and the audit log has both changes.
    const adminApi = await signInThroughApi(server, admin);
    const listed = await adminApi.request("GET", `/api/admin/users?q=${bob.username}`);
    expect((listed.body as { users: Array<{ role: string }> }).users[0]?.role).toBe("user");
    await page.getByRole("tab", { name: "Audit log" }).click();
    const auditRows = page.getByTestId("audit-row");
    await expect
      .poll(() => auditRows.filter({ hasText: "user.promoted" }).count(), UI_WAIT)
      .toBe(1);
    expect(await auditRows.filter({ hasText: "user.demoted" }).count()).toBe(1);
    // The export loads the whole log from the server (every page), not only the rows on screen.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const csv = await readFile((await (await download).path()) ?? "", "utf8");
    const lines = csv.trim().split("\r\n");
    expect(lines.length - 1).toBe(await auditRows.count());
    expect(csv).toContain("user.promoted");
    expect(csv).toContain("user.demoted");
    await page.close();
  });

  it("finds things from the header's search box, with the matches marked", async () => {
    const page = await openAdmin("/generate");
    const box = page.getByRole("searchbox", {
      name: "Search users, history, feedback and audit log",
    });
    await box.fill("terrible");
    await box.press("Enter");
    await page.waitForURL(/\/admin\?tab=search&q=terrible/);
    const feedbackGroup = page.getByRole("region", { name: "Feedback" });
    await feedbackGroup.waitFor(UI_WAIT);
    expect(await feedbackGroup.locator("mark").first().textContent()).toMatch(/terrible/i);
    await page.close();
  });

  it("looks right at a phone's width", async () => {
    const page = await openAdmin("/admin");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await metric(page, "Total queries").waitFor(UI_WAIT);
    await page.locator(".recharts-surface").first().waitFor(UI_WAIT);
    await page.waitForTimeout(800);
    await page.screenshot({
      path: await screenshotPath("admin-overview-phone-dark"),
      fullPage: true,
    });
    const overflow = () =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
    expect(await overflow()).toBe(0);
    await page.goto(`${server.url}/admin?tab=feedback`);
    await page.getByTestId("cloud-word").first().waitFor(UI_WAIT);
    await page.screenshot({
      path: await screenshotPath("admin-feedback-phone-dark"),
      fullPage: true,
    });
    expect(await overflow()).toBe(0);
    await page.goto(`${server.url}/admin?tab=users`);
    await page.getByTestId("user-row").first().waitFor(UI_WAIT);
    await page.screenshot({ path: await screenshotPath("admin-users-phone-dark"), fullPage: true });
    expect(await overflow()).toBe(0);
    await page.close();
  });

  it("is not there for a plain user, and the server refuses them too", async () => {
    const dee = newAccount("Dee");
    const other = await launchBrowser();
    try {
      await signUpThroughApi(other.context, server.url, dee);
      const page = await other.context.newPage();
      await page.goto(`${server.url}/admin`);
      await page.getByTestId("signed-in-name").waitFor();
      await expect.poll(() => page.getByText("Page not found").count(), UI_WAIT).toBe(1);
      const navigation = page.getByRole("navigation", { name: "Main navigation" });
      expect(await navigation.getByRole("link", { name: "Admin" }).count()).toBe(0);
      expect(
        await page
          .getByRole("searchbox", { name: "Search users, history, feedback and audit log" })
          .count(),
      ).toBe(0);
      const deeApi = await signInThroughApi(server, dee);
      expect((await deeApi.request("GET", "/api/admin/metrics")).status).toBe(403);
    } finally {
      await other.close();
    }
  });
});
