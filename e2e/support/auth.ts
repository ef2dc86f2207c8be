import { expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import type { TestUser } from "./db";

export const UA = {
  mac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
  linux: "Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0",
  windows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0",
};

/** Signs in over HTTP (fast); the browser context shares the cookies. */
export async function signInOverHttp(context: BrowserContext, user: Pick<TestUser, "email" | "password">) {
  const { csrfToken } = await (await context.request.get("/api/auth/csrf")).json();
  const res = await context.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, json: "true" },
  });
  expect(res.ok()).toBeTruthy();
  const me = await context.request.get("/api/me");
  expect(me.status(), "signed in").toBe(200);
}

/**
 * Waits until the sign-in form is hydrated. Right after a page load its button may still be the
 * server's HTML: a click then posts the form natively (method="post", so nothing lands in the URL)
 * and the page comes back unsigned-in, asking for the password again (server/http/page-guards.ts).
 * React marks a hydrated element with its props (an internal of React's: if an upgrade renames it,
 * this wait fails loudly rather than passing).
 */
export async function expectSignInFormHydrated(page: Page) {
  await expectHydrated(page.getByRole("button", { name: "Sign in" }));
}

/** The same wait for any element a test clicks right after a full page load (a form's submit button). */
export async function expectHydrated(element: Locator) {
  await expect
    .poll(() => element.evaluate((el) => Object.keys(el).some((key) => key.startsWith("__reactProps$"))), {
      message: "hydrated",
    })
    .toBe(true);
}

/** Signs in through the form, as a person would. */
export async function signInWithForm(page: Page, user: Pick<TestUser, "email" | "password">) {
  await page.goto("/sign-in");
  await expectSignInFormHydrated(page);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Signs out through the header's account menu. Right after a full page load the button may not be
 * hydrated yet (a click then does nothing), so open the menu until it reports itself open.
 */
export async function signOutViaMenu(page: Page) {
  // The account menu: the header's last button that opens something (a phone's navigation Menu comes first).
  const menu = page.getByRole("banner").locator("button[aria-expanded]").last();
  const signOut = page.getByRole("button", { name: "Sign out", exact: true });
  await expect(async () => {
    if ((await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
    await expect(signOut).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await signOut.click();
  await expect(page).toHaveURL(/\/sign-in$/);
}
