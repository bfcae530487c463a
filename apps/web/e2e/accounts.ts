import type { BrowserContext, Locator, Page } from "playwright-core";

/** Someone who signs up in a test; passwords are strong enough for the server's rules. */
export interface TestAccount {
  username: string;
  email: string;
  displayName: string;
  password: string;
}

let accountCounter = 0;

/** A new account with unique names, e.g. `ada1` / `ada1@example.test` / "Ada Tester 1". */
export function newAccount(name: string): TestAccount {
  accountCounter += 1;
  const username = `${name.toLowerCase()}${accountCounter}`;
  return {
    username,
    email: `${username}@example.test`,
    displayName: `${name} Tester ${accountCounter}`,
    password: "violet kettle marathon 58",
  };
}

/**
 * The input labelled `label`, exactly; a required field's label ends with Mantine's " *", which
 * is part of its accessible name.
 */
export function field(page: Page, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

/** The name in the header's account menu, once someone is signed in. */
export const signedInName = (page: Page) => page.getByTestId("signed-in-name");

/** Fills the sign-up form (the page must be on /signup); does not submit. */
export async function fillSignUpForm(page: Page, account: TestAccount): Promise<void> {
  await field(page, "User id").fill(account.username);
  await field(page, "Email").fill(account.email);
  await field(page, "Display name").fill(account.displayName);
  await field(page, "Password").fill(account.password);
}

/** Signs up through the sign-up page and waits until the app shows the person signed in. */
export async function signUpThroughUi(
  page: Page,
  serverUrl: string,
  account: TestAccount,
): Promise<void> {
  await page.goto(`${serverUrl}/signup`);
  await fillSignUpForm(page, account);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/generate$/);
  // Playwright's own wait, not expect.poll: this also runs in beforeAll hooks.
  await signedInName(page).filter({ hasText: account.displayName }).waitFor();
}

/** Fills and sends the sign-in form (the page must be on /login). */
export async function signInThroughUi(page: Page, login: string, password: string): Promise<void> {
  await field(page, "User id or email").fill(login);
  await field(page, "Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Creates the account through the API (`extra`: e.g. securityQuestions); does not sign in. */
export async function registerThroughApi(
  context: BrowserContext,
  serverUrl: string,
  account: TestAccount,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const registered = await context.request.post(`${serverUrl}/api/auth/register`, {
    data: { ...account, ...extra },
  });
  if (registered.status() !== 201) throw new Error(`sign-up failed: ${await registered.text()}`);
}

/**
 * Signs up and in through the API with the browser context's own request client, which shares
 * the context's cookies: the next page loaded restores the session from the refresh cookie.
 */
export async function signUpThroughApi(
  context: BrowserContext,
  serverUrl: string,
  account: TestAccount,
): Promise<void> {
  await registerThroughApi(context, serverUrl, account);
  const login = await context.request.post(`${serverUrl}/api/auth/login`, {
    data: { username: account.username, password: account.password },
  });
  if (login.status() !== 200) throw new Error(`sign-in failed: ${await login.text()}`);
}

/** Signs out through the header's account menu and waits for the sign-in page. */
export async function signOutThroughMenu(page: Page, account: TestAccount): Promise<void> {
  await page.getByRole("button", { name: `Account menu of ${account.displayName}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(/\/login$/);
}
