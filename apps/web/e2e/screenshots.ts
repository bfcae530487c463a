import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where browser tests leave screenshots for people to look at: test-results/e2e/. */
export const SCREENSHOTS_DIR = fileURLToPath(
  new URL("../../../test-results/e2e/", import.meta.url),
);

/** The path of screenshot `name` (e.g. "sign-up" → test-results/e2e/sign-up.png); makes the folder. */
export async function screenshotPath(name: string): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  return path.join(SCREENSHOTS_DIR, `${name}.png`);
}
