import { expect, test } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { signInOverHttp } from "./support/auth";
import { openMainMenu } from "./support/nav";
import { basic, bearer, createToken } from "./support/api";
import { axeViolations } from "./support/axe";

test("a personal access token: created and shown once, works with the API, listed without its secret, revoked → the next request fails", async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 375, height: 740 });
  const user = await createUser();
  await signInOverHttp(page.context(), user);
  await page.goto("/devices");
  // On a phone the sections are behind the navigation's Menu button.
  await openMainMenu(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "Personal access tokens" })).toBeVisible();
  await expect(page.getByText("No tokens yet.")).toBeVisible();

  // Bad input gets a form message, and nothing is created.
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Enter a name, so you can tell it apart later");
  await expect(page.getByLabel("Name")).toBeFocused();
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("No tokens yet.")).toBeVisible();

  await page.getByLabel("Name").fill("CI script");
  await page.getByLabel("Expires after").selectOption({ label: "30 days" });
  await page.getByRole("button", { name: "Create token" }).click();
  const panel = page.getByRole("heading", { name: "Copy your new token “CI script” now" });
  await expect(panel).toBeFocused();
  const token = await page.getByRole("textbox", { name: "Your new token" }).inputValue();
  expect(token).toMatch(/^pat_[A-Za-z0-9_-]{43}$/);
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  // The example is ready to paste: this host, this token.
  await expect(page.getByRole("region", { name: /Copy your new token/ }).locator("code")).toHaveText(
    `curl -H "Authorization: Bearer ${token}" ${new URL(page.url()).origin}/api/v1/settings/devices`,
  );

  const devices = await request.get("/api/v1/settings/devices", { headers: bearer(token) });
  expect(devices.status()).toBe(200);
  expect((await devices.json()).devices).toHaveLength(1);

  await page.getByRole("button", { name: "Done, I have saved it" }).click();
  await expect(page.getByRole("heading", { name: /Active tokens/ })).toBeFocused();
  const row = page.getByRole("listitem").filter({ hasText: "CI script" });
  await expect(row).toContainText(token.slice(0, 8));
  await page.reload(); // the list is read when the page loads: now it has been used
  await expect(row).toContainText("Last used");
  // Your own token: no creator shown. (A regex: Playwright trims a string's spaces, and " by " then matched a random "pat_Cby9…" prefix.)
  await expect(row).not.toContainText(/Created [^·]* by /);
  expect(await page.content()).not.toContain(token.slice(8));

  await row.getByRole("button", { name: "Revoke CI script" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Revoke “CI script”?" });
  await expect(dialog).toContainText("can no longer call the API as you");
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("Revoked “CI script”. Requests with it now fail.")).toBeVisible();
  await expect(page.getByText("No tokens yet.")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Active tokens/ })).toBeFocused(); // not lost with the removed row
  expect((await request.get("/api/v1/settings/devices", { headers: bearer(token) })).status()).toBe(401);

  await page.goto("/activity");
  await expect(page.getByText("You revoked the personal access token “CI script”")).toBeVisible();
});

test("creating a token on a session last verified over 10 minutes ago: the password is in the form from the start, one click creates it", async ({
  page,
  request,
}) => {
  const user = await createUser();
  await signInOverHttp(page.context(), user);
  await sql().query(`UPDATE "Session" SET "verifiedAt" = now() - interval '20 minutes' WHERE "userId" = $1`, [user.id]);
  await page.goto("/settings/tokens");
  const password = page.getByLabel("Your password");
  await expect(password).toBeVisible();
  await expect(password).toHaveAccessibleDescription(/it was last checked over 10 minutes ago/);
  await page.getByLabel("Name").fill("Nightly backup");
  await password.fill("not my password");
  await page.getByRole("button", { name: "Create token" }).click();
  // A wrong password is an error at the field, which takes focus; nothing is created.
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That password is not right.");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toBeFocused();
  expect((await sql().query(`SELECT count(*)::int AS n FROM "ApiToken" WHERE "userId" = $1`, [user.id])).rows[0].n).toBe(0);
  await password.fill(user.password);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByRole("textbox", { name: "Your new token" }).inputValue();
  expect((await request.get("/api/v1/settings/devices", { headers: bearer(token) })).status()).toBe(200);
  // Just verified: the next token needs no password, one click again.
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByLabel("Your password")).toHaveCount(0);
  await page.getByLabel("Name").fill("Second");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("textbox", { name: "Your new token" })).toBeVisible();
});

test("server API keys: an admin creates one at /admin/api-keys, it works as HTTP Basic, revoking it fails the next request; non-admins get 404", async ({
  page,
  request,
  browser,
}) => {
  const admin = await createUser({ role: "ADMIN" });
  await signInOverHttp(page.context(), admin);
  await page.goto("/admin");
  await page.getByRole("main").getByRole("link", { name: "server API key" }).click();
  await expect(page.getByRole("heading", { name: "Server API keys" })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel("Name").fill("Billing backend");
  await expect(page.getByLabel("Expires after")).toHaveValue("365");
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByRole("heading", { name: "Copy your new API key “Billing backend” now" })).toBeFocused();
  const key = await page.getByRole("textbox", { name: "Your new API key" }).inputValue();
  expect(key).toMatch(/^sk_/);
  const res = await request.get(`/api/v1/users/${admin.id}/devices`, { headers: basic(key) });
  expect(res.status()).toBe(200);
  await page.getByRole("button", { name: "Done, I have saved it" }).click();
  await page.getByRole("button", { name: "Revoke Billing backend" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke API key" }).click();
  await expect(page.getByText("Revoked “Billing backend”. Requests with it now fail.")).toBeVisible();
  expect((await request.get(`/api/v1/users/${admin.id}/devices`, { headers: basic(key) })).status()).toBe(401);

  const userContext = await browser.newContext();
  await signInOverHttp(userContext, await createUser());
  const userPage = await userContext.newPage();
  expect((await userPage.goto("/admin/api-keys"))?.status()).toBe(404);
  await userContext.close();
});

test("an admin sees a user's tokens on their page, and Sign out everywhere revokes them", async ({ page, request }) => {
  const admin = await createUser({ role: "ADMIN" });
  const user = await createUser({ name: "Tess Tokens" });
  const { token } = await createToken("PERSONAL", user.id);
  await signInOverHttp(page.context(), admin);
  await page.goto(`/admin/users/${user.id}`);
  const section = page.getByRole("region", { name: "API tokens" });
  await expect(section).toContainText("e2e personal");
  await expect(section).toContainText(token.slice(0, 8));
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("their personal access tokens are revoked");
  await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page.getByText("Signed out everywhere — 0 sessions ended, 1 API token revoked.")).toBeVisible();
  await expect(section).toContainText("has no active personal access tokens");
  expect((await request.get("/api/v1/settings/devices", { headers: bearer(token) })).status()).toBe(401);
});

test("an admin revokes one token of a user: that one fails at once, the other keeps working, the user's history says who", async ({
  page,
  request,
}) => {
  const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  const user = await createUser({ name: "Tom Twotokens" });
  const first = await createToken("PERSONAL", user.id);
  const second = await createToken("PERSONAL", user.id);
  await signInOverHttp(page.context(), admin);
  await page.goto(`/admin/users/${user.id}`);
  await page.locator(`li[data-token-id="${first.id}"]`).getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Its next request fails.");
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("Token “e2e personal” revoked.")).toBeVisible();
  await expect(page.locator(`li[data-token-id="${first.id}"]`)).toHaveCount(0);
  expect((await request.get("/api/v1/settings/devices", { headers: bearer(first.token) })).status()).toBe(401);
  expect((await request.get("/api/v1/settings/devices", { headers: bearer(second.token) })).status()).toBe(200);
  await expect(page.getByRole("list", { name: "User history" })).toContainText(
    "Ada Admin revoked the personal access token “e2e personal”",
  );
});
