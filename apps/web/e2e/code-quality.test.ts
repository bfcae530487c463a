// A test double for vLLM, TGI and Ollama (which cannot run here): it scripts the remote model's
// answer, so the answer holds exactly the code blocks the test needs. Everything else is real:
// the server checks the blocks with tree-sitter and runs them in its sandbox (Pyodide, QuickJS).
import { type OpenAiTestServer, startOpenAiTestServer } from "@codegenie/llm/remote/testing";
import { ZCodeBlocksResponse } from "@codegenie/shared";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAccount, signUpThroughApi } from "./accounts";
import { type ApiClient, signInThroughApi } from "./api-client";
import { launchBrowser, type TestBrowser } from "./launch-browser";
import { screenshotPath } from "./screenshots";
import { startServer, type TestServer } from "./start-server";

/** Checks and runs wait for the sandbox, which starts Pyodide (~2 s) on two busy cores. */
const SANDBOX_WAIT = { timeout: 60_000 };

/** The sandbox's wall-time limit for this server, short so the endless loop ends quickly. */
const WALL_TIME_LIMIT_MS = 1500;

/** Runs one user may start a minute on this server. */
const RUNS_ALLOWED = 5;

/** An answer with four blocks: valid Python, Python with an error on line 2, JavaScript, a loop. */
const ANSWER = [
  "Here is a greeting in Python:\n\n",
  "```python\n",
  "def greet(name):\n",
  '    return f"Hello, {name}!"\n',
  "\n",
  'print(greet("sandbox"))\n',
  "```\n\n",
  "This one has a mistake:\n\n",
  "```python\n",
  "values = [1, 2, 3]\n",
  "for value in values\n",
  "    print(value)\n",
  "```\n\n",
  "And in JavaScript:\n\n",
  "```js\n",
  "const total = [1, 2, 3].reduce((sum, n) => sum + n, 0);\n",
  'console.log("total is", total);\n',
  "```\n\n",
  "Never run this:\n\n",
  "```python\n",
  "while True:\n",
  "    pass\n",
  "```\n",
];

const account = newAccount("Linus");

let server: TestServer;
let browser: TestBrowser;
let scripted: OpenAiTestServer;
let api: ApiClient;
beforeAll(async () => {
  scripted = await startOpenAiTestServer({ pieces: ANSWER });
  server = await startServer(
    [
      {
        id: "scripted",
        name: "Scripted model",
        promptFormat: "chatml",
        source: { openai: { baseUrls: [scripted.baseUrl], model: "served-model" } },
      },
    ],
    {
      CODE_RUN_TIMEOUT_MS: String(WALL_TIME_LIMIT_MS),
      // The tests start five runs between them; the sixth is refused.
      CODE_RUN_RATE_LIMIT_MAX: String(RUNS_ALLOWED),
    },
  );
  browser = await launchBrowser();
  await signUpThroughApi(browser.context, server.url, account);
  api = await signInThroughApi(server, account);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await scripted?.close();
});

/** Asks for the scripted answer on Generate and waits until it has finished. */
async function openFinishedAnswer(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/generate`);
  await page.getByTestId("signed-in-name").waitFor();
  const composer = page.getByRole("textbox", { name: "Prompt" });
  await composer.fill("Show me some code");
  await composer.press("Control+Enter");
  await expect.poll(() => page.getByRole("status").textContent(), SANDBOX_WAIT).toBe("Finished");
  return page;
}

const answer = (page: Page) => page.getByRole("region", { name: "Answer 1" });
/** The badges and Run button under the n-th code block (from 0). */
const toolsOf = (page: Page, block: number) =>
  answer(page).getByTestId("code-block-tools").nth(block);
const checkOf = (page: Page, block: number) => toolsOf(page, block).getByTestId("code-check");
/** The locator's text now (no waiting for it to appear, so it suits expect.poll). */
const text = async (locator: Locator) => (await locator.allTextContents()).join("").trim();

/** "12 ms" or "1.5 s" as milliseconds. */
function milliseconds(duration: string): number {
  const [, amount = "NaN", unit] = /^([\d.]+) (ms|s)\b/.exec(duration) ?? [];
  return Number(amount) * (unit === "s" ? 1000 : 1);
}

/** Runs a block with its Run button and returns its output panel once the run has ended. */
async function runBlock(page: Page, block: number, language: string): Promise<Locator> {
  const button = toolsOf(page, block).getByRole("button", { name: `Run ${language} code` });
  // By keyboard: the button takes focus and Enter runs it.
  await button.focus();
  await page.keyboard.press("Enter");
  const panel = toolsOf(page, block).getByRole("region", {
    name: `Output of the ${language} code`,
  });
  await panel.waitFor(SANDBOX_WAIT);
  return panel;
}

describe("code blocks of an answer", () => {
  it("shows each block's syntax check, the error's line, and the automatic run", async () => {
    const page = await openFinishedAnswer();
    await expect.poll(() => answer(page).getByTestId("code-block-tools").count()).toBe(4);

    await expect.poll(() => text(checkOf(page, 0)), SANDBOX_WAIT).toBe("Valid Python");
    await expect.poll(() => text(checkOf(page, 1)), SANDBOX_WAIT).toBe("Syntax error at line 2");
    await expect.poll(() => text(checkOf(page, 2)), SANDBOX_WAIT).toBe("Valid JavaScript");
    await expect.poll(() => text(checkOf(page, 3)), SANDBOX_WAIT).toBe("Valid Python");

    // The server's answer, which the badges show: the same blocks in the same order.
    const rows = await server.app.database.db.query.generations.findMany();
    const row = rows.find((candidate) => candidate.prompt === "Show me some code");
    const stored = ZCodeBlocksResponse.parse(
      (await api.request("GET", `/api/history/${row?.id}/code`)).body,
    );
    expect(stored.blocks.map((block) => block.language)).toEqual([
      "python",
      "python",
      "javascript",
      "python",
    ]);
    expect(stored.blocks[1]?.syntax?.error?.line).toBe(2);

    // The automatic runs: the greeting ran fine, the loop ran into the time limit.
    const autoRun = (block: number) => toolsOf(page, block).getByTestId("code-auto-run");
    await expect.poll(() => text(autoRun(0)), SANDBOX_WAIT).toMatch(/^Ran OK in \d+(\.\d)? m?s$/);
    await expect.poll(() => text(autoRun(3)), SANDBOX_WAIT).toBe("Timed out");

    // The parser's message shows on focus, for keyboard users too. (Centred first, so the
    // screenshot shows it clear of the sticky composer.)
    await checkOf(page, 1).evaluate((badge) => badge.scrollIntoView({ block: "center" }));
    await checkOf(page, 1).focus();
    const tooltip = page.getByRole("tooltip");
    await expect.poll(() => text(tooltip)).toContain("line 2, column");
    await page.screenshot({ path: await screenshotPath("code-badges") });
    await page.close();
  });

  it("runs Python and JavaScript from the page and shows their output, and a timeout", async () => {
    const page = await openFinishedAnswer();

    const python = await runBlock(page, 0, "Python");
    await expect.poll(() => text(python.getByTestId("run-stdout"))).toBe("Hello, sandbox!");
    expect(await text(python.getByTestId("run-status"))).toBe("OK");
    expect(await text(python.getByTestId("run-timing"))).toMatch(/^\d+(\.\d)? m?s$/);

    const javascript = await runBlock(page, 2, "JavaScript");
    await expect.poll(() => text(javascript.getByTestId("run-stdout"))).toBe("total is 6");
    expect(await text(javascript.getByTestId("run-status"))).toBe("OK");

    // The error in block 2 is a Python error at run time too, on stderr.
    const broken = await runBlock(page, 1, "Python");
    expect(await text(broken.getByTestId("run-status"))).toBe("Error");
    expect(await text(broken.getByTestId("run-stderr"))).toContain("SyntaxError");

    const loop = await runBlock(page, 3, "Python");
    expect(await text(loop.getByTestId("run-status"))).toBe("Timed out");
    expect(milliseconds(await text(loop.getByTestId("run-timing")))).toBeGreaterThanOrEqual(
      WALL_TIME_LIMIT_MS,
    );
    await page.screenshot({ path: await screenshotPath("code-run-light"), fullPage: true });

    // The panel closes, and the block can be run again.
    await python.getByRole("button", { name: "Close output" }).click();
    await expect.poll(() => python.count()).toBe(0);
    await expect
      .poll(() => toolsOf(page, 0).getByRole("button", { name: "Run Python code" }).count())
      .toBe(1);

    const scheme = () => page.locator("html").getAttribute("data-mantine-color-scheme");
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await expect.poll(scheme).toBe("dark");
    await page.screenshot({ path: await screenshotPath("code-run-dark"), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    // Nothing is wider than the phone: no sideways scrolling.
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
    await page.screenshot({ path: await screenshotPath("code-run-phone-dark"), fullPage: true });
    await page.getByRole("button", { name: "Switch to light theme" }).click();
    await expect.poll(scheme).toBe("light");
    await page.screenshot({ path: await screenshotPath("code-run-phone"), fullPage: true });
    await page.close();
  });

  it("shows the same badges and Run buttons when the answer is opened from History", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/history`);
    const row = page.getByRole("list", { name: "History" }).getByRole("listitem").first();
    await row.getByRole("button").click();
    const dialog = page.getByRole("dialog");
    const checks = dialog.getByTestId("code-check");
    await expect
      .poll(() => checks.allTextContents(), SANDBOX_WAIT)
      .toEqual(["Valid Python", "Syntax error at line 2", "Valid JavaScript", "Valid Python"]);
    const run = dialog.getByRole("button", { name: "Run JavaScript code" });
    await run.click();
    const panel = dialog.getByRole("region", { name: "Output of the JavaScript code" });
    await expect.poll(() => text(panel.getByTestId("run-stdout")), SANDBOX_WAIT).toBe("total is 6");

    // That was the fifth run this minute: the next is refused, and the page says how long to wait.
    await dialog.getByRole("button", { name: "Run JavaScript code" }).click();
    const refusal = dialog.getByRole("alert");
    await expect.poll(() => text(refusal), SANDBOX_WAIT).toContain("Too many requests");
    expect(await text(refusal)).toMatch(/Try again in \d+ (seconds?|minute)/);
    await refusal.scrollIntoViewIfNeeded();
    await page.screenshot({ path: await screenshotPath("code-run-refused") });
    await page.close();
  });
});
