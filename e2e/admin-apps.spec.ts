import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { signInOverHttp } from "./support/auth";
import { axeViolations } from "./support/axe";

const dialog = (page: Page) => page.getByRole("alertdialog");
async function confirm(page: Page, button: string) {
  await dialog(page).getByRole("button", { name: button }).click();
  await expect(dialog(page)).toBeHidden();
}

/**
 * What the provider's token endpoint says of these client credentials: a code that does not exist
 * is `invalid_grant` once the client is authenticated, `invalid_client` when the secret is wrong or
 * the app is disabled.
 */
async function tokenEndpointSays(request: APIRequestContext, clientId: string, secret: string): Promise<string> {
  const res = await request.post("/oidc/token", {
    headers: { Authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}` },
    form: { grant_type: "authorization_code", code: "no-such-code", redirect_uri: "https://wiki.example.com/callback" },
  });
  return ((await res.json()) as { error: string }).error;
}

test("an administrator adds an app, sees its secret once, rotates it, changes, disables and deletes it", async ({ page, request }) => {
  const tag = crypto.randomUUID().slice(0, 8);
  const name = `Wiki ${tag}`;
  const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  await signInOverHttp(page.context(), admin);
  await page.goto("/admin");
  await page.getByRole("main").getByRole("link", { name: "apps", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();

  // Errors are shown by the field they are about, which takes focus; nothing is added.
  const form = page.getByRole("region", { name: "Add an app" });
  // The e2e server allows private addresses (WEBHOOKS_ALLOW_PRIVATE=1, for the tests' receivers): the hint says so.
  await expect(form.getByLabel("Back-channel logout URI")).toHaveAccessibleDescription(/private addresses are allowed here/);
  await form.getByRole("button", { name: "Add app" }).click();
  await expect(form.getByLabel("Name", { exact: true })).toBeFocused();
  await expect(form.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(/Enter the app's name/);
  // An empty form says every field it needs at once, not only the first.
  const redirects = form.getByLabel("Redirect URIs", { exact: true });
  await expect(redirects).toHaveAttribute("aria-invalid", "true");
  await expect(redirects).toHaveAccessibleDescription(/Enter at least one redirect URI/);
  await form.getByLabel("Name", { exact: true }).fill(name);
  await redirects.fill("wiki.example.com/callback");
  await form.getByRole("button", { name: "Add app" }).click();
  await expect(redirects).toBeFocused();
  // Named as typed: the field takes several, one per line.
  await expect(redirects).toHaveAccessibleDescription(
    /Enter the redirect URI as an http:\/\/ or https:\/\/ URL, not “wiki\.example\.com\/callback”/,
  );
  await expect(form.getByLabel("Name", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
  // The server's own rule (https in production) is shown by its field too.
  await redirects.fill("http://wiki.example.com/callback");
  await form.getByRole("button", { name: "Add app" }).click();
  await expect(redirects).toHaveAccessibleDescription(/http:\/\/wiki\.example\.com\/callback: use an https:\/\/ URL/);
  expect((await sql().query(`SELECT count(*)::int AS n FROM "OidcClient" WHERE name = $1`, [name])).rows[0].n).toBe(0);

  await redirects.fill("https://wiki.example.com/callback\n\nhttps://wiki.example.com/other-callback");
  await form.getByRole("checkbox", { name: /offline_access/ }).check();
  await form.getByRole("checkbox", { name: /First-party/ }).check();
  await form.getByRole("button", { name: "Add app" }).click();

  // The secret, once, with what the app is configured with.
  await expect(page.getByRole("heading", { name: `Copy the client secret of “${name}” now` })).toBeFocused();
  const secret = await page.getByRole("textbox", { name: "Client secret" }).inputValue();
  expect(secret).toMatch(/^dks_[A-Za-z0-9_-]{43}$/);
  const { rows } = await sql().query(`SELECT * FROM "OidcClient" WHERE name = $1`, [name]);
  const row = rows[0];
  expect(row).toMatchObject({
    confidential: true,
    firstParty: true,
    secretPrefix: secret.slice(0, 8),
    redirectUris: ["https://wiki.example.com/callback", "https://wiki.example.com/other-callback"],
    scopes: ["openid", "profile", "email", "offline_access"],
  });
  const panel = page.getByRole("region", { name: /Copy the client secret/ });
  await expect(panel.locator("code")).toContainText(new RegExp(`Client ID: +${row.id}`));
  await expect(panel.locator("code")).toContainText(/Issuer: +http:\/\/[^/]+\/oidc/);
  // It is listed below meanwhile: name, client ID, enabled, first-party, sign-ins.
  const listed = page
    .getByRole("region", { name: /Registered apps/ })
    .getByRole("listitem")
    .filter({ hasText: name });
  await expect(listed).toContainText(row.id);
  await expect(listed).toContainText("Enabled");
  await expect(listed).toContainText("First-party");
  await expect(listed).toContainText("0 sign-ins in the last 30 days");
  expect(await tokenEndpointSays(request, row.id, secret)).toBe("invalid_grant");
  expect(await tokenEndpointSays(request, row.id, "dks_wrong")).toBe("invalid_client");

  await page.getByRole("button", { name: "Done, I have saved it" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/apps/${row.id}$`));
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByText(row.id).first()).toBeVisible();
  await expect(page.getByText(/\/oidc\/\.well-known\/openid-configuration$/)).toBeVisible();
  await page.reload();
  expect(await page.content()).not.toContain(secret.slice(8)); // never shown again

  // Rotate: the new secret once; the old one stops working at once.
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await expect(dialog(page)).toContainText("The current secret stops working at once");
  await confirm(page, "Rotate secret");
  await expect(page.getByText("New client secret created. The old one no longer works.")).toBeVisible();
  await expect(page.getByRole("heading", { name: `Copy the new client secret of “${name}” now` })).toBeFocused();
  const rotated = await page.getByRole("textbox", { name: "Client secret" }).inputValue();
  expect(rotated).toMatch(/^dks_/);
  expect(rotated).not.toBe(secret);
  expect(await tokenEndpointSays(request, row.id, secret)).toBe("invalid_client");
  expect(await tokenEndpointSays(request, row.id, rotated)).toBe("invalid_grant");
  await page.getByRole("button", { name: "Done, I have saved it" }).click();
  await expect(page.getByRole("textbox", { name: "Client secret" })).toHaveCount(0);

  // Change its registration: a new name.
  const edit = page.getByRole("region", { name: "Change its registration" });
  await expect(edit.getByLabel("Redirect URIs", { exact: true })).toHaveValue(
    "https://wiki.example.com/callback\nhttps://wiki.example.com/other-callback",
  );
  await edit.getByLabel("Name", { exact: true }).fill(`${name} (staff)`);
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Saved “${name} (staff)”.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: `${name} (staff)`, level: 1 })).toBeVisible();

  // Disable: it says first who is signed out; then no one can use it.
  await page.getByRole("button", { name: "Disable", exact: true }).click();
  await expect(dialog(page)).toContainText(`Everyone signed in to ${name} (staff) through Devicekeeper is signed out of it`);
  await confirm(page, "Disable app");
  await expect(page.getByText(/^Disabled\. No one can sign in to it/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
  expect((await sql().query(`SELECT "disabledAt" FROM "OidcClient" WHERE id = $1`, [row.id])).rows[0].disabledAt).not.toBeNull();
  await expect.poll(() => tokenEndpointSays(request, row.id, rotated)).toBe("invalid_client");

  // Delete: it says what happens, then back to the list, where it is gone.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(dialog(page)).toContainText(`Everyone signed in to ${name} (staff) through Devicekeeper is signed out of it`);
  await expect(dialog(page)).toContainText("Its client ID and secret stop working for good");
  await expect(dialog(page)).toContainText("cannot be undone");
  await confirm(page, "Delete app");
  await expect(page).toHaveURL(/\/admin\/apps$/);
  // Focus lands on the list's heading, not the top of the document.
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expect(page.getByRole("link", { name: new RegExp(tag) })).toHaveCount(0);
  expect((await sql().query(`SELECT count(*)::int AS n FROM "OidcClient" WHERE id = $1`, [row.id])).rows[0].n).toBe(0);
  const audit = await sql().query(`SELECT type FROM "AuditEvent" WHERE detail->>'appId' = $1 ORDER BY "createdAt"`, [row.id]);
  expect(audit.rows.map((r) => r.type)).toEqual(["APP_CREATED", "APP_SECRET_ROTATED", "APP_UPDATED", "APP_DISABLED", "APP_DELETED"]);
  expect((await page.goto(`/admin/apps/${row.id}`))?.status()).toBe(404);
});

test("a public app has no secret: adding one goes straight to its page", async ({ page }) => {
  const name = `SPA ${crypto.randomUUID().slice(0, 8)}`;
  await signInOverHttp(page.context(), await createUser({ role: "ADMIN" }));
  await page.goto("/admin/apps");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("radio", { name: /^Public/ }).check();
  await page.getByLabel("Redirect URIs", { exact: true }).fill("https://spa.example.com/callback");
  await page.getByRole("button", { name: "Add app" }).click();
  await expect(page.getByText(`Added “${name}”, a public app: it has no secret and signs in with PKCE.`)).toBeVisible();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByText("None: a public app, which signs in with PKCE")).toBeVisible();
  await expect(page.getByRole("button", { name: "Rotate secret" })).toHaveCount(0);
  await sql().query(`DELETE FROM "OidcClient" WHERE name = $1`, [name]);
});

test("the app pages are for administrators only: everyone else gets a 404", async ({ browser }) => {
  const id = crypto.randomUUID();
  await sql().query(
    `INSERT INTO "OidcClient" (id, name, "redirectUris", "postLogoutRedirectUris", scopes, "updatedAt") VALUES ($1, $2, $3, '{}', $4, now())`,
    [id, "Not yours", ["https://x.example.com/cb"], ["openid"]],
  );
  try {
    const context = await browser.newContext();
    await signInOverHttp(context, await createUser());
    const page = await context.newPage();
    for (const path of ["/admin/apps", `/admin/apps/${id}`]) expect((await page.goto(path))?.status(), path).toBe(404);
    const adminContext = await browser.newContext();
    await signInOverHttp(adminContext, await createUser({ role: "ADMIN" }));
    const adminPage = await adminContext.newPage();
    expect((await adminPage.goto("/admin/apps/not-a-uuid"))?.status()).toBe(404);
    expect((await adminPage.goto(`/admin/apps/${crypto.randomUUID()}`))?.status()).toBe(404);
  } finally {
    await sql().query(`DELETE FROM "OidcClient" WHERE id = $1`, [id]);
  }
});

test("the app pages pass axe (WCAG 2.1 AA), fit a phone-sized screen and work from the keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signInOverHttp(page.context(), await createUser({ role: "ADMIN" }));
  const id = crypto.randomUUID();
  await sql().query(
    `INSERT INTO "OidcClient" (id, name, confidential, "secretPrefix", "redirectUris", "postLogoutRedirectUris", "backchannelLogoutUri", "firstParty", scopes, "updatedAt")
     VALUES ($1, 'Axe check', true, 'dks_AbCd', $2, $3, 'https://axe.example.com/backchannel-logout', true, $4, now())`,
    [id, ["https://axe.example.com/a-rather-long-callback-path/that/goes/on/and/on"], ["https://axe.example.com/"], ["openid", "email"]],
  );
  try {
    const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.goto("/admin/apps");
    await page.getByRole("button", { name: "Add app" }).click(); // with errors shown
    await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    expect(await axeViolations(page)).toEqual([]);
    await fits();

    await page.goto(`/admin/apps/${id}`);
    await expect(page.getByRole("heading", { name: "Axe check", level: 1 })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await fits();

    // The keyboard alone: the dialog takes focus on Cancel, Escape closes it and focus returns.
    const disable = page.getByRole("button", { name: "Disable", exact: true });
    await disable.focus();
    await page.keyboard.press("Enter");
    await expect(dialog(page)).toContainText("Everyone signed in to Axe check through Devicekeeper is signed out of it");
    await expect(dialog(page).getByRole("button", { name: "Cancel" })).toBeFocused();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(dialog(page)).toBeHidden();
    await expect(disable).toBeFocused();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Tab"); // wraps to the last button
    await expect(dialog(page).getByRole("button", { name: "Disable app" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
  } finally {
    await sql().query(`DELETE FROM "OidcClient" WHERE id = $1`, [id]);
  }
});
