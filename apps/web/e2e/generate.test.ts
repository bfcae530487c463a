import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newAccount, signUpThroughUi } from "./accounts";
import { launchBrowser, type TestBrowser } from "./launch-browser";
import { screenshotPath } from "./screenshots";
import { startServer, type TestServer } from "./start-server";

// The Generate page in real Chromium against the real server and llama.cpp engine, as a signed-in
// user (the first account, so an administrator). Screenshots land in test-results/e2e/.
const account = newAccount("Grace");

let server: TestServer;
let browser: TestBrowser;
beforeAll(async () => {
  server = await startServer(
    [
      {
        id: "tiny",
        name: "Tiny test model",
        promptFormat: "deepseek-coder",
        file: inject("streamingModelPath"),
      },
      {
        id: "absent",
        name: "Absent model",
        promptFormat: "phi-2",
        file: "/nonexistent/absent.gguf",
      },
    ],
    // One thread: the answer streams for several seconds, long enough to press Stop.
    { MODEL_THREADS: "1", MODEL_CONTEXT_SIZE: "4096", GENERATION_MAX_TOKENS: "4000" },
  );
  browser = await launchBrowser();
  // Through the sign-up page; later pages restore the session from the refresh cookie.
  const page = await browser.context.newPage();
  await signUpThroughUi(page, server.url, account);
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A new tab at the server's root: the restored session lands on Generate. */
async function openGeneratePage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.waitForURL(/\/generate$/);
  return page;
}

const answerText = async (page: Page) =>
  (await page.getByRole("region", { name: "Answer" }).textContent()) ?? "";
const statusText = (page: Page) => page.getByRole("status").textContent();

describe("the Generate page", () => {
  it("shows the app shell with its navigation and the available model chosen", async () => {
    const page = await openGeneratePage();
    await expect
      .poll(() => page.getByTestId("signed-in-name").textContent())
      .toBe(account.displayName);
    const navigation = page.getByRole("navigation", { name: "Main navigation" });
    for (const label of ["Generate", "Explain", "History", "Profile", "Admin"]) {
      await expect.poll(() => navigation.getByRole("link", { name: label }).count()).toBe(1);
    }
    await expect
      .poll(() => page.getByRole("combobox", { name: "Model" }).inputValue())
      .toBe("Tiny test model");
    await page.screenshot({ path: await screenshotPath("generate-empty") });
    await page.close();
  });

  it("streams the answer as it is written, and Stop stops it on the server", async () => {
    const page = await openGeneratePage();
    await page.getByLabel("Prompt").fill("Write a Python function that reverses a string");
    await page.getByRole("button", { name: "Advanced settings" }).click();
    await page.getByLabel("Max tokens").fill("4000");
    await page.getByRole("button", { name: "Generate" }).click();

    // Text arrives piece by piece while the status says it is generating.
    await expect
      .poll(async () => (await answerText(page)).length, { timeout: 60_000 })
      .toBeGreaterThan(0);
    const early = await answerText(page);
    await expect.poll(async () => (await answerText(page)).length).toBeGreaterThan(early.length);
    await expect.poll(() => statusText(page)).toBe("Generating…");

    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => statusText(page)).toBe("Stopped");
    const atStop = await answerText(page);
    await page.screenshot({ path: await screenshotPath("generate-stopped") });
    await page.waitForTimeout(1000);
    expect(await answerText(page)).toBe(atStop);
    expect(atStop.length).toBeGreaterThan(0);

    // The server cancelled the generation and kept its partial answer.
    await expect.poll(() => server.app.generations.runningCount).toBe(0);
    const rows = await server.app.database.db.query.generations.findMany();
    const stopped = rows.find((row) => row.prompt.startsWith("Write a Python function"));
    expect(stopped).toMatchObject({ status: "aborted", finishReason: "aborted" });
    expect(stopped?.completionTokens).toBeLessThan(4000);
    expect(stopped?.responseText.length).toBeGreaterThanOrEqual(atStop.length);
    await page.close();
  });

  it("runs an answer to its end and shows its stats", async () => {
    const page = await openGeneratePage();
    await page.getByLabel("Prompt").fill("SQL to count users per country");
    await page.getByRole("button", { name: "Advanced settings" }).click();
    await page.getByLabel("Max tokens").fill("12");
    await page.getByRole("button", { name: "Generate" }).click();
    await expect.poll(() => statusText(page), { timeout: 60_000 }).toBe("Finished");
    const stats = page.getByLabel("Generation stats");
    await expect.poll(() => stats.textContent()).toContain("12 (prompt");
    await page.screenshot({ path: await screenshotPath("generate-finished") });
    await page.close();
  });

  it("tells the user what is wrong instead of failing silently", async () => {
    const page = await openGeneratePage();
    await page.getByRole("button", { name: "Generate" }).click();
    await expect
      .poll(() => page.getByText("Describe the code you want.").count())
      .toBeGreaterThan(0);
    await page.close();
  });
});
