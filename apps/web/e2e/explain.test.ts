import type { TExplainStyle } from "@codegenie/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newAccount, signUpThroughUi } from "./accounts";
import { launchBrowser, type TestBrowser } from "./launch-browser";
import { screenshotPath } from "./screenshots";
import { startServer, type TestServer } from "./start-server";

/** How long the page may take to show what a step expects (a fetch on two busy cores). */
const UI_WAIT = { timeout: 10_000 };

// The Explain page in real Chromium against the real server and llama.cpp engine (a generated
// random-weight model, so the explanations are gibberish, but they are really streamed).
const account = newAccount("Linus");

const SNIPPET = "def total(prices):\n    return sum(p * 1.2 for p in prices)\n";

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
    ],
    // One thread: an answer streams for several seconds, long enough to press Stop.
    { MODEL_THREADS: "1", MODEL_CONTEXT_SIZE: "4096", GENERATION_MAX_TOKENS: "4000" },
  );
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await signUpThroughUi(page, server.url, account);
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A new tab on the Explain page (the session is restored from the refresh cookie). */
async function openExplainPage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/explain`);
  await page.getByRole("combobox", { name: "Model" }).waitFor();
  await expect
    .poll(() => page.getByRole("combobox", { name: "Model" }).inputValue())
    .toBe("Tiny test model");
  return page;
}

/** Types the code into the CodeMirror editor, which is labelled "Code". */
async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByRole("textbox", { name: "Code" }).click();
  await page.keyboard.insertText(code);
}

const explanationText = async (page: Page) =>
  (await page.getByRole("region", { name: "Explanation" }).textContent()) ?? "";
const statusText = (page: Page) => page.getByRole("status").textContent();

const STYLE_LABELS: Record<TExplainStyle, string> = {
  beginner: "Beginner-friendly",
  technical: "Technical deep-dive",
  "step-by-step": "Step-by-step",
};

describe("the Explain page", () => {
  it("explains the same code in each of the three styles, streamed, and keeps each in History", async () => {
    const page = await openExplainPage();
    const sentBodies: unknown[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/explain")) sentBodies.push(request.postDataJSON());
    });
    await page.getByRole("combobox", { name: "Language" }).click();
    await page.getByRole("option", { name: "Python" }).click();
    await enterCode(page, SNIPPET);
    await page.getByRole("button", { name: "Advanced settings" }).click();
    await page.getByLabel("Max tokens").fill("24");

    for (const [index, style] of (["beginner", "technical", "step-by-step"] as const).entries()) {
      await page.getByRole("radio", { name: new RegExp(STYLE_LABELS[style]) }).click();
      // Ctrl+Enter in the editor sends, like the button.
      if (index === 1) {
        await page.getByRole("textbox", { name: "Code" }).press("Control+Enter");
      } else {
        await page.getByRole("button", { name: "Explain" }).click();
      }
      await expect.poll(() => statusText(page), { timeout: 60_000 }).toBe("Finished");
      expect((await explanationText(page)).trim().length).toBeGreaterThan(0);
      await expect
        .poll(() => page.getByLabel("Generation stats").textContent())
        .toContain("24 (prompt");
      // Every finished explanation can be rated.
      await expect.poll(() => page.getByText("Rate this answer").count(), UI_WAIT).toBe(1);
      await page.screenshot({ path: await screenshotPath(`explain-${style}`), fullPage: true });
    }

    expect(sentBodies).toEqual([
      expect.objectContaining({
        style: "beginner",
        code: SNIPPET,
        language: "python",
        maxTokens: 24,
      }),
      expect.objectContaining({ style: "technical", code: SNIPPET, language: "python" }),
      expect.objectContaining({ style: "step-by-step", code: SNIPPET, language: "python" }),
    ]);

    // The server kept three explain rows, one per style, each with the answer streamed.
    const rows = await server.app.database.db.query.generations.findMany();
    const explained = rows.filter((row) => row.prompt === SNIPPET);
    expect(explained.map((row) => [row.kind, row.style, row.status]).sort()).toEqual([
      ["explain", "beginner", "completed"],
      ["explain", "step-by-step", "completed"],
      ["explain", "technical", "completed"],
    ]);
    for (const row of explained) expect(row.responseText.length).toBeGreaterThan(0);

    // History lists them as explanations, newest first, with their style.
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "History" })
      .click();
    const historyRows = page.getByRole("list", { name: "History" }).getByRole("listitem");
    await expect.poll(() => historyRows.count(), UI_WAIT).toBe(3);
    const rowTexts = await historyRows.allTextContents();
    expect(rowTexts[0]).toContain("Python · Step-by-step");
    expect(rowTexts[1]).toContain("Python · Technical deep-dive");
    expect(rowTexts[2]).toContain("Python · Beginner-friendly");
    for (const text of rowTexts) expect(text).toMatch(/^Explain\s*Completed/);
    await page.close();
  });

  it("says what is missing instead of sending an empty explanation", async () => {
    const page = await openExplainPage();
    let explainRequests = 0;
    page.on("request", (request) => {
      if (request.url().endsWith("/api/explain")) explainRequests += 1;
    });
    await page.getByRole("button", { name: "Explain" }).click();
    await expect.poll(() => page.getByText("Paste the code to explain.").count(), UI_WAIT).toBe(1);
    expect(explainRequests).toBe(0);
    await page.close();
  });

  it("looks right in light and dark, and at a phone's width", async () => {
    const page = await openExplainPage();
    await enterCode(page, SNIPPET);
    await page.emulateMedia({ colorScheme: "light" });
    await page.screenshot({ path: await screenshotPath("explain-light"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: await screenshotPath("explain-dark"), fullPage: true });
    // Reloaded at the phone's size, so the navigation starts folded away as it would on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("textbox", { name: "Code" }).waitFor();
    await enterCode(page, SNIPPET);
    await page.screenshot({ path: await screenshotPath("explain-phone-dark"), fullPage: true });
    // Nothing sticks out sideways at a phone's width.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await page.close();
  });
});
