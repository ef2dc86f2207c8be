import { expect, test } from "@playwright/test";
import { createUser, signInToApp, sql } from "./support/db";
import { signInOverHttp } from "./support/auth";

// The user's Apps page: an app signed in through Devicekeeper on this browser's session, and
// Remove access — asked first, then a confirmation, the empty state's true words, and focus on the
// page's heading once the last row is gone (not lost to the page's body).
test("Remove access of the only app: confirmed, the list says no app has access now, focus on the heading", async ({ browser }) => {
  const user = await createUser();
  const ctx = await browser.newContext();
  await signInOverHttp(ctx, user);
  const appName = `Notes ${user.id.slice(0, 6)}`;
  await signInToApp(user.id, appName, { scope: "openid email" });
  const page = await ctx.newPage();
  await page.goto("/apps");
  await expect(page.getByRole("heading", { name: appName })).toBeVisible();
  await page.getByRole("button", { name: `Remove access of ${appName}` }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(`${appName} is signed out on every device at once`);
  await dialog.getByRole("button", { name: "Remove access" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("No app has access to your account now.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Apps" })).toBeFocused();
  const grants = await sql().query(`SELECT count(*)::int AS n FROM "OidcPayload" WHERE "accountId" = $1 AND model = 'Grant'`, [user.id]);
  expect(grants.rows[0].n).toBe(0);
  await page.goto("/activity");
  await expect(page.getByText(`You removed access for “${appName}” — signed out of it on every device`)).toBeVisible();
  await ctx.close();
});
