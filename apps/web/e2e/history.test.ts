import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newAccount, signUpThroughUi } from "./accounts";
import { type ApiClient, signInThroughApi } from "./api-client";
import { launchBrowser, type TestBrowser } from "./launch-browser";
import { screenshotPath } from "./screenshots";
import { ABSENT_MODEL, startServer, type TestServer } from "./start-server";

/** How long the page may take to show what a step expects (a fetch on two busy cores). */
const UI_WAIT = { timeout: 10_000 };

// The History page in real Chromium against the real server and llama.cpp engine: a stopped
// explanation is found there with its partial answer; search, filters and delete work.
const account = newAccount("Ada");

let server: TestServer;
let browser: TestBrowser;
let api: ApiClient;
beforeAll(async () => {
  server = await startServer(
    [
      {
        id: "tiny",
        name: "Tiny test model",
        promptFormat: "deepseek-coder",
        file: inject("streamingModelPath"),
      },
      ABSENT_MODEL,
    ],
    // One thread: an answer streams for several seconds, long enough to press Stop.
    { MODEL_THREADS: "1", MODEL_CONTEXT_SIZE: "4096", GENERATION_MAX_TOKENS: "4000" },
  );
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await signUpThroughUi(page, server.url, account);
  await page.close();
  api = await signInThroughApi(server, account);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}${path}`);
  // Playwright's own wait (30 s): restoring the session and the first fetch can take a while.
  await page.getByTestId("signed-in-name").waitFor();
  return page;
}

const historyRows = (page: Page) =>
  page.getByRole("list", { name: "History" }).getByRole("listitem");
/** Collapses whitespace, so text rendered in two places compares by its words. */
const words = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();
/**
 * Only the letters and digits of a text: Markdown renders the same answer differently once more
 * of it has arrived (a later backtick or asterisk closes a span and hides the marks before it, a
 * line of dashes turns the paragraph above into a heading), but never its letters and digits.
 */
const lettersAndDigits = (text: string | null) => (text ?? "").replace(/[^\p{L}\p{N}]+/gu, "");

describe("the History page", () => {
  it("shows an explanation stopped mid-stream as Stopped, with the partial answer the page showed", async () => {
    const page = await openPage("/explain");
    await expect
      .poll(() => page.getByRole("combobox", { name: "Model" }).inputValue())
      .toBe("Tiny test model");
    await page.getByRole("textbox", { name: "Code" }).click();
    await page.keyboard.insertText("for (let i = 0; i < 3; i++) console.log(i);\n");
    await page.getByRole("button", { name: "Advanced settings" }).click();
    await page.getByLabel("Max tokens").fill("4000");
    await page.getByRole("button", { name: "Explain" }).click();

    const explanation = page.getByRole("region", { name: "Explanation" });
    await expect
      .poll(async () => words(await explanation.textContent()).length, { timeout: 60_000 })
      .toBeGreaterThan(40);
    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), UI_WAIT).toBe("Stopped");
    const shownAtStop = lettersAndDigits(await explanation.textContent());

    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "History" })
      .click();
    // The server closes the row as cancelled once it has noticed the closed connection.
    const row = historyRows(page).first();
    await expect
      .poll(
        async () => {
          await page.reload();
          return row.textContent();
        },
        { timeout: 20_000 },
      )
      .toMatch(/^Explain\s*Stopped/);
    expect(
      words(await row.getByTestId("history-answer-preview").textContent()).length,
    ).toBeGreaterThan(0);
    await page.screenshot({ path: await screenshotPath("history-stopped-row"), fullPage: true });

    await row.getByRole("button").click();
    const dialog = page.getByRole("dialog");
    await expect
      .poll(() => dialog.getByText("The answer was stopped before it finished").count())
      .toBe(1);
    const kept = lettersAndDigits(await dialog.getByTestId("history-answer").textContent());
    // The server may have written a few more tokens before it noticed the Stop, never fewer.
    // Letters and digits only (see lettersAndDigits), and the last few left out, since the end of
    // a word the page showed may have grown by the next token.
    expect(kept.startsWith(shownAtStop.slice(0, -10))).toBe(true);
    expect(kept.length).toBeGreaterThanOrEqual(shownAtStop.length - 10);
    const rows = await server.app.database.db.query.generations.findMany();
    const stopped = rows.find((candidate) => candidate.prompt.startsWith("for (let i = 0;"));
    expect(stopped).toMatchObject({ kind: "explain", status: "cancelled", style: "beginner" });
    expect(stopped?.completionTokens).toBeLessThan(4000);
    await page.screenshot({ path: await screenshotPath("history-stopped-detail") });
    await page.close();
  });

  it("finds rows by search text, kind and model, and deletes a row for good", async () => {
    const generated = await api.request("POST", "/api/generate", {
      model: "tiny",
      prompt: "A zebra crossing simulator in Go",
      maxTokens: 4,
    });
    expect(generated.status).toBe(200);
    const zebraId = (generated.body as { id: string }).id;
    const explained = await api.request("POST", "/api/explain", {
      model: "tiny",
      code: "SELECT count(*) FROM giraffes;",
      language: "sql",
      style: "technical",
      maxTokens: 4,
    });
    expect(explained.status).toBe(200);

    const page = await openPage("/history");
    await historyRows(page).nth(2).waitFor();
    const everything = await historyRows(page).count();

    // Search matches the prompt or code, case-insensitively.
    await page.getByRole("searchbox", { name: "Search", exact: true }).fill("ZEBRA");
    await expect.poll(() => historyRows(page).count(), UI_WAIT).toBe(1);
    expect(await historyRows(page).first().textContent()).toContain("A zebra crossing simulator");
    await page.getByRole("searchbox", { name: "Search", exact: true }).fill("");
    await expect.poll(() => historyRows(page).count(), UI_WAIT).toBe(everything);

    // Kind: only explanations.
    await page.getByRole("combobox", { name: "Kind" }).click();
    await page.getByRole("option", { name: "Explain" }).click();
    await expect.poll(() => historyRows(page).count(), UI_WAIT).toBe(everything - 1);
    for (const text of await historyRows(page).allTextContents()) expect(text).toMatch(/^Explain/);
    await page.screenshot({ path: await screenshotPath("history-filtered"), fullPage: true });

    // Model: nothing was answered by the absent model.
    await page.getByRole("combobox", { name: "Model" }).click();
    await page.getByRole("option", { name: "Absent model" }).click();
    await expect.poll(() => page.getByText("Nothing matches").count(), UI_WAIT).toBe(1);
    expect(await historyRows(page).count()).toBe(0);

    // Export: the files come through the signed-in fetch, with the server's file names.
    for (const [button, pattern] of [
      ["Export Markdown", /\.md$/],
      ["Export JSON", /\.json$/],
    ] as const) {
      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: button }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(pattern);
      const content = await readFile((await file.path()) ?? "", "utf8");
      expect(content).toContain("A zebra crossing simulator in Go");
      expect(content).toContain("SELECT count(*) FROM giraffes;");
    }

    // Delete, after confirming: the row is gone from the list and from the server.
    await page.reload();
    const zebraRow = historyRows(page).filter({ hasText: "A zebra crossing simulator" });
    await expect.poll(() => zebraRow.count(), UI_WAIT).toBe(1);
    await zebraRow.getByRole("button").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Delete…" }).click();
    await dialog.getByRole("button", { name: "Delete for good" }).click();
    await expect.poll(() => page.getByRole("dialog").count(), UI_WAIT).toBe(0);
    await expect.poll(() => zebraRow.count(), UI_WAIT).toBe(0);
    expect(await historyRows(page).count()).toBe(everything - 1);
    expect((await api.request("GET", `/api/history/${zebraId}`)).status).toBe(404);
    await page.close();
  });

  it("renames, reopens and deletes a conversation", async () => {
    const started = await api.request("POST", "/api/generate", {
      model: "tiny",
      prompt: "Parse a CSV file of llamas in Rust",
      maxTokens: 2,
    });
    expect(started.status).toBe(200);
    const conversationId = (started.body as { conversationId: string }).conversationId;

    const page = await openPage("/history?tab=conversations");
    const conversations = page.getByRole("list", { name: "Conversations" }).getByRole("listitem");
    const llamas = conversations.filter({ hasText: "llamas" });
    await llamas.waitFor();

    await llamas.getByRole("button", { name: /^Rename/ }).click();
    await page.getByRole("dialog").getByLabel("Title").fill("Llama CSV parser");
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect
      .poll(() => conversations.filter({ hasText: "Llama CSV parser" }).count(), UI_WAIT)
      .toBe(1);
    const renamed = await api.request("GET", `/api/conversations/${conversationId}`);
    expect(renamed.body).toMatchObject({ title: "Llama CSV parser", turnCount: 1 });

    await conversations
      .filter({ hasText: "Llama CSV parser" })
      .getByRole("link", { name: /^Reopen/ })
      .click();
    await page.waitForURL(new RegExp(`/generate\\?conversation=${conversationId}$`));

    await page.goto(`${server.url}/history?tab=conversations`);
    const renamedRow = conversations.filter({ hasText: "Llama CSV parser" });
    await renamedRow.waitFor();
    await renamedRow.getByRole("button", { name: /^Delete/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete for good" }).click();
    await expect.poll(() => renamedRow.count(), UI_WAIT).toBe(0);
    expect((await api.request("GET", `/api/conversations/${conversationId}`)).status).toBe(404);
    await page.close();
  });

  it("looks right in light and dark, and at a phone's width", async () => {
    // A conversation of its own: the earlier tests deleted theirs.
    const started = await api.request("POST", "/api/generate", {
      model: "tiny",
      prompt: "Sort a list of alpacas by age in Go",
      maxTokens: 2,
    });
    expect(started.status).toBe(200);
    const page = await openPage("/history");
    await historyRows(page).first().waitFor();
    await page.emulateMedia({ colorScheme: "light" });
    await page.screenshot({ path: await screenshotPath("history-light"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: await screenshotPath("history-dark"), fullPage: true });
    // Reloaded at the phone's size, so the navigation starts folded away as it would on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await historyRows(page).first().waitFor();
    await page.screenshot({ path: await screenshotPath("history-phone-dark"), fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await historyRows(page).first().getByRole("button").click();
    await page.getByRole("dialog").waitFor();
    await page.waitForTimeout(500); // let the dialog's opening transition finish
    await page.screenshot({ path: await screenshotPath("history-detail-phone-dark") });
    await page.keyboard.press("Escape");
    await page.getByRole("tab", { name: "Conversations" }).click();
    await expect
      .poll(() => page.getByRole("list", { name: "Conversations" }).count(), UI_WAIT)
      .toBe(1);
    await page.screenshot({
      path: await screenshotPath("history-conversations-phone-dark"),
      fullPage: true,
    });
    await page.close();
  });
});
