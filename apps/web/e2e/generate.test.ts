// A test double for vLLM, TGI and Ollama (which cannot run here): it scripts the remote model's
// answer, so the XSS test can make the model say exactly what an attacker would.
import { type OpenAiTestServer, startOpenAiTestServer } from "@codegenie/llm/remote/testing";
import { ZConversationDetail, ZHistoryItem } from "@codegenie/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newAccount, signUpThroughUi } from "./accounts";
import { type ApiClient, signInThroughApi } from "./api-client";
import { launchBrowser, type TestBrowser } from "./launch-browser";
import { screenshotPath } from "./screenshots";
import { startServer, type TestServer } from "./start-server";

// The Generate page in real Chromium against the real server, as a signed-in user (the first
// account, so an administrator): the real llama.cpp engine on the generated tiny model, and a
// remote model whose answers the test scripts. Screenshots land in test-results/e2e/.
const account = newAccount("Grace");

let server: TestServer;
let browser: TestBrowser;
let scripted: OpenAiTestServer;
let api: ApiClient;
beforeAll(async () => {
  scripted = await startOpenAiTestServer();
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
      {
        id: "scripted",
        name: "Scripted model",
        promptFormat: "chatml",
        source: { openai: { baseUrls: [scripted.baseUrl], model: "served-model" } },
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
  api = await signInThroughApi(server, account);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await scripted?.close();
});

/** A new tab at the server's root: the restored session lands on Generate. */
async function openGeneratePage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.waitForURL(/\/generate$/);
  await expect
    .poll(() => page.getByRole("combobox", { name: "Model" }).inputValue())
    .toBe("Tiny test model");
  return page;
}

const answer = (page: Page, turn: number) => page.getByRole("region", { name: `Answer ${turn}` });
const answerText = async (page: Page, turn = 1) => (await answer(page, turn).textContent()) ?? "";
const statusText = (page: Page) => page.getByRole("status").textContent();

/** Types a prompt into the composer and sends it with the keyboard (Ctrl+Enter). */
async function sendPrompt(page: Page, prompt: string): Promise<void> {
  const composer = page.getByRole("textbox", { name: "Prompt" });
  await composer.fill(prompt);
  await composer.press("Control+Enter");
}

async function setMaxTokens(page: Page, maxTokens: number): Promise<void> {
  await page.getByRole("button", { name: "Advanced settings" }).click();
  await page.getByLabel("Max tokens").fill(String(maxTokens));
}

async function chooseModel(page: Page, name: string): Promise<void> {
  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name: new RegExp(name) }).click();
  await expect.poll(() => page.getByRole("combobox", { name: "Model" }).inputValue()).toBe(name);
}

describe("the Generate page", () => {
  it("shows the app shell, and each model with its purpose and status", async () => {
    const page = await openGeneratePage();
    await expect
      .poll(() => page.getByTestId("signed-in-name").textContent())
      .toBe(account.displayName);
    const navigation = page.getByRole("navigation", { name: "Main navigation" });
    for (const label of ["Generate", "Explain", "History", "Profile", "Admin"]) {
      await expect.poll(() => navigation.getByRole("link", { name: label }).count()).toBe(1);
    }
    await expect.poll(() => page.getByTestId("model-status").textContent()).toBe("General · Ready");
    await page.getByRole("combobox", { name: "Model" }).click();
    const absent = page.getByRole("option", { name: /Absent model/ });
    await expect.poll(() => absent.textContent()).toContain("Not downloaded");
    expect(await absent.getAttribute("aria-disabled")).toBe("true");
    await page.keyboard.press("Escape");
    await page.screenshot({ path: await screenshotPath("generate-empty") });
    await page.close();
  });

  it("streams the answer as it is written, and Stop keeps the partial answer as cancelled", async () => {
    const page = await openGeneratePage();
    await setMaxTokens(page, 4000);
    await sendPrompt(page, "Write a Python function that reverses a string");

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
    expect(stopped).toMatchObject({ status: "cancelled", finishReason: "aborted" });
    expect(stopped?.completionTokens).toBeLessThan(4000);
    expect(stopped?.responseText.length).toBeGreaterThan(0);
    // A stopped answer can be rated like a finished one.
    await expect.poll(() => page.getByRole("button", { name: "Save rating" }).count()).toBe(1);
    await page.close();
  });

  it("holds a conversation: a follow-up carries the conversation id and both turns are kept", async () => {
    const page = await openGeneratePage();
    const sentBodies: Array<Record<string, unknown>> = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/api/generate")) {
        sentBodies.push(request.postDataJSON());
      }
    });
    await setMaxTokens(page, 8);
    await page.getByRole("combobox", { name: "Language" }).click();
    await page.getByRole("option", { name: "Python" }).click();

    await sendPrompt(page, "SQL to count users per country");
    await expect.poll(() => statusText(page), { timeout: 60_000 }).toBe("Finished");
    // The conversation the server started is in the address, so a reload reopens it.
    await page.waitForURL(/\/generate\?conversation=[0-9a-f-]{36}$/);
    const conversationId = new URL(page.url()).searchParams.get("conversation");
    await expect.poll(() => page.getByTestId("parameters-used").textContent()).toContain("max 8");

    await sendPrompt(page, "Now group by city as well");
    await expect
      .poll(() => page.getByRole("article", { name: "Turn 2" }).textContent(), { timeout: 60_000 })
      .toContain("Now group by city as well");
    await expect.poll(() => statusText(page), { timeout: 60_000 }).toBe("Finished");
    expect(await page.getByRole("article", { name: "Turn 1" }).textContent()).toContain(
      "SQL to count users per country",
    );
    expect(await answer(page, 1).count()).toBe(1);
    expect(await answer(page, 2).count()).toBe(1);

    expect(sentBodies).toHaveLength(2);
    expect(sentBodies[0]).toMatchObject({ model: "tiny", language: "python", maxTokens: 8 });
    expect(sentBodies[0]).not.toHaveProperty("conversationId");
    expect(sentBodies[1]).toMatchObject({ conversationId, prompt: "Now group by city as well" });

    const stored = await api.request("GET", `/api/conversations/${conversationId}`);
    expect(stored.status).toBe(200);
    const detail = ZConversationDetail.parse(stored.body);
    expect(detail.turns.map((turn) => turn.prompt)).toEqual([
      "SQL to count users per country",
      "Now group by city as well",
    ]);
    expect(detail.turns.every((turn) => turn.status === "completed")).toBe(true);

    // Reopening the link shows the same two turns, with their answers, from the server.
    const reopened = await browser.context.newPage();
    await reopened.goto(`${server.url}/generate?conversation=${conversationId}`);
    await expect.poll(() => answerText(reopened, 2)).toBe(await answerText(page, 2));
    expect(await answerText(reopened, 1)).toBe(await answerText(page, 1));
    await reopened.screenshot({ path: await screenshotPath("generate-conversation") });

    // New conversation clears the page; the next prompt starts another conversation.
    await reopened.getByRole("button", { name: "New conversation" }).click();
    await expect.poll(() => reopened.getByRole("article").count()).toBe(0);
    expect(new URL(reopened.url()).search).toBe("");
    await reopened.close();
    await page.close();
  });

  it("rates an answer with stars and a comment, shows the sentiment and stores it", async () => {
    scripted.pieces = ["def add(a, b):\n", "    return a + b\n"];
    const page = await openGeneratePage();
    await chooseModel(page, "Scripted model");
    await sendPrompt(page, "An add function in Python");
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toBe("Finished");

    const form = page.getByRole("form", { name: "Rate this answer" });
    // The stars are radio buttons, chosen with the keyboard.
    await form.getByRole("radio", { name: "4 stars" }).focus();
    await page.keyboard.press("Space");
    await form.getByLabel("Comment (optional)").fill("This is great, thanks!");
    await form.getByRole("button", { name: "Save rating" }).click();
    const sentiment = page.getByTestId("sentiment-label");
    await expect.poll(() => sentiment.textContent()).toBe("positive");
    await page.screenshot({ path: await screenshotPath("generate-rated") });

    const rows = await server.app.database.db.query.generations.findMany();
    const rated = rows.find((row) => row.prompt === "An add function in Python");
    const stored = ZHistoryItem.parse((await api.request("GET", `/api/history/${rated?.id}`)).body);
    expect(stored.feedback).toMatchObject({
      rating: 4,
      comment: "This is great, thanks!",
      sentiment: { label: "positive" },
    });
    expect(stored.feedback?.sentiment?.compound).toBeGreaterThan(0.05);

    // Editable afterwards: the same answer's feedback changes, it is not added twice.
    await page.getByRole("button", { name: "Edit rating" }).click();
    await form.getByRole("radio", { name: "1 star" }).focus();
    await page.keyboard.press("Space");
    await form.getByLabel("Comment (optional)").fill("Terrible, it is wrong and useless.");
    await form.getByRole("button", { name: "Save rating" }).click();
    await expect.poll(() => sentiment.textContent()).toBe("negative");
    const edited = ZHistoryItem.parse((await api.request("GET", `/api/history/${rated?.id}`)).body);
    expect(edited.feedback).toMatchObject({ rating: 1, sentiment: { label: "negative" } });
    expect(edited.feedback?.id).toBe(stored.feedback?.id);
    await page.close();
  });

  it("shows an answer's HTML and javascript: links as text, never running them", async () => {
    scripted.pieces = [
      "Here you go: <img src=x onerror=alert(1)> and ",
      "[click me](javascript:alert(1)) ",
      "<script>alert(2)</script>",
    ];
    const page = await openGeneratePage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await chooseModel(page, "Scripted model");
    await sendPrompt(page, "Show me some HTML");
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toBe("Finished");

    const shown = answer(page, 1);
    await expect.poll(() => shown.textContent()).toContain("<img src=x onerror=alert(1)>");
    expect(await shown.textContent()).toContain("<script>alert(2)</script>");
    expect(await shown.locator("img").count()).toBe(0);
    expect(await shown.locator("script").count()).toBe(0);
    const link = shown.getByText("click me");
    expect(await link.count()).toBe(1);
    const href = await link.evaluate((element) => element.closest("a")?.getAttribute("href"));
    expect(href ?? "").not.toMatch(/^\s*javascript:/i);
    await link.click();
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: await screenshotPath("generate-xss") });
    await page.close();
  });

  it("switches to the dark theme and fits a phone's width", async () => {
    scripted.pieces = ["```python\n", "def greet(name):\n", "    return f'Hi {name}'\n", "```\n"];
    const page = await openGeneratePage();
    await chooseModel(page, "Scripted model");
    await sendPrompt(page, "A greeting function");
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toBe("Finished");
    // The code is highlighted: a keyword has another colour than the code around it.
    const colourOf = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((element) => getComputedStyle(element).color);
    const keywordColour = () => colourOf(".answer-markdown .hljs-keyword");
    const codeColour = await colourOf(".answer-markdown pre code");
    expect(await keywordColour()).not.toBe(codeColour);
    const lightKeywordColour = await keywordColour();
    await page.screenshot({ path: await screenshotPath("generate-light"), fullPage: true });

    const scheme = () => page.locator("html").getAttribute("data-mantine-color-scheme");
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await expect.poll(scheme).toBe("dark");
    await expect.poll(keywordColour).not.toBe(lightKeywordColour);
    await page.screenshot({ path: await screenshotPath("generate-dark"), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    // Nothing is wider than the phone: no sideways scrolling.
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
    await page.screenshot({ path: await screenshotPath("generate-phone-dark"), fullPage: true });
    await page.getByRole("button", { name: "Switch to light theme" }).click();
    await expect.poll(scheme).toBe("light");
    await page.screenshot({ path: await screenshotPath("generate-phone"), fullPage: true });
    await page.close();
  });

  it("tells the user what is wrong instead of failing silently", async () => {
    const page = await openGeneratePage();
    await page.getByRole("button", { name: "Send" }).click();
    await expect
      .poll(() => page.getByText("Describe the code you want.").count())
      .toBeGreaterThan(0);
    await page.close();
  });
});
