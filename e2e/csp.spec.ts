// The Content-Security-Policy (a nonce per response, 'strict-dynamic', no inline scripts) on every
// page, with each page still fully working: hydrated, its dialogs, the QR code. A script without
// the response's nonce, or any violation the browser reports, fails the test.
import { expect, test, type Page } from "@playwright/test";
import { createUser } from "./support/db";
import { expectHydrated, expectSignInFormHydrated, signInOverHttp } from "./support/auth";

/** Collects the CSP violations the page reports (the listener is installed before any page script). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  const console: string[] = [];
  page.on("console", (m) => {
    if (/Content.Security.Policy/i.test(m.text())) console.push(m.text());
  });
  return async () => [...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)), ...console];
}

/** Every script in the served HTML carries the nonce of this response's policy. */
async function expectNoncedScripts(page: Page, path: string) {
  const res = await page.request.get(path);
  const policy = res.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(policy, path).toContain("'strict-dynamic'");
  expect(nonce, path).toBeTruthy();
  const html = await res.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length, path).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
}

test("signed out: /sign-in and a missing page run under the policy", async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of ["/sign-in", "/no-such-page"]) await expectNoncedScripts(page, path);
  await page.goto("/sign-in");
  // Hydrated: the form signs in through fetch and shows the answer in place.
  await expectSignInFormHydrated(page);
  await page.getByLabel("Email").fill("nobody@test.example");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect(await violations()).toEqual([]);
});

test("signed in: devices, security (QR code), docs and admin pages run under the policy", async ({ page }) => {
  const violations = await watchViolations(page);
  await signInOverHttp(page.context(), await createUser({ role: "ADMIN" }));
  for (const path of ["/devices", "/security", "/activity", "/settings/tokens", "/docs/api", "/admin/users"])
    await expectNoncedScripts(page, path);

  await page.goto("/devices");
  await page
    .getByRole("button", { name: /^Details/ })
    .first()
    .click();
  await expect(page.getByRole("button", { name: /^Hide details/ })).toBeVisible();
  await page
    .getByRole("button", { name: /^More actions/ })
    .first()
    .click();
  await expect(page.getByRole("menu")).toBeVisible();

  await page.goto("/security");
  await page.getByRole("button", { name: "Add authenticator app" }).click();
  await expectHydrated(page.getByRole("button", { name: "Continue" }));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  expect(
    await page.getByRole("img", { name: "QR code for your authenticator app" }).evaluate((img: HTMLImageElement) => img.naturalWidth),
  ).toBeGreaterThan(0);

  for (const path of ["/docs/api", "/admin/users"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  expect(await violations()).toEqual([]);
});
