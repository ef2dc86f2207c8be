// The security checkup: the line on /devices when something needs attention, the page at
// /security/checkup with each item one click from its fix (a second factor's set-up; a device not
// used for 90 days signed out after a dialog naming it), and "All good" when nothing is left.
import { expect, test } from "@playwright/test";
import crypto from "node:crypto";
import { createUser, sessionsOf, sql } from "./support/db";
import { createAuthenticator, createDevice } from "./support/api";
import { signInOverHttp } from "./support/auth";

/** A device of the user's last used 120 days ago, still signed in. */
async function staleDevice(userId: string, name: string) {
  const device = await createDevice(userId, { name });
  await sql().query(
    `UPDATE "Device" SET "createdAt" = now() - interval '200 days', "lastSeenAt" = now() - interval '120 days' WHERE id = $1`,
    [device.id],
  );
  return device;
}

const recoveryCode = (userId: string) =>
  sql().query(`INSERT INTO "RecoveryCode" (id, "userId", "codeHash") VALUES ($1, $2, $3)`, [
    crypto.randomUUID(),
    userId,
    crypto.randomUUID(),
  ]);

test("no second factor: the line on /devices leads to the checkup, whose “Add” opens the set-up", async ({ page, context }) => {
  const user = await createUser();
  await signInOverHttp(context, user);
  await page.goto("/devices");
  const notice = page.getByTestId("checkup-notice");
  await expect(notice).toHaveText(/^1 thing needs your attention\s*—\s*Review/);
  await notice.getByRole("link", { name: /^Review/ }).click();
  await expect(page).toHaveURL(/\/security\/checkup$/);
  await expect(page.getByRole("heading", { level: 1, name: "Security checkup" })).toBeVisible();
  const item = page.locator('[data-checkup-kind="second-factor"]');
  await expect(item.getByRole("heading", { name: "Add a second factor" })).toBeVisible();
  await expect(item).toContainText("Signing in asks for your password only");
  await item.getByRole("link", { name: "Add an authenticator app" }).click();
  await expect(page).toHaveURL(/\/security\?add=authenticator-app#authenticator-app$/);
  await expect(page.getByRole("form", { name: "Add an authenticator app" })).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Authenticator app");
});

test("a device not used for 90 days is signed out from the checkup, then all is good", async ({ page, context }) => {
  const user = await createUser();
  await signInOverHttp(context, user);
  // A second factor and recovery codes, added after signing in (so the sign-in asked for the password only).
  await createAuthenticator(user.id, "TOTP");
  await recoveryCode(user.id);
  const tablet = await staleDevice(user.id, "Old tablet");

  await page.goto("/devices");
  await expect(page.getByTestId("checkup-notice")).toHaveText(/^1 thing needs your attention/);
  await page.goto("/security/checkup");
  const item = page.locator('[data-checkup-kind="stale-devices"]');
  await expect(item.getByRole("heading", { name: "1 device not used for 90 days" })).toBeVisible();
  await expect(item.getByRole("list", { name: "Devices not used for 90 days" })).toContainText("Old tablet");
  await item.getByRole("button", { name: "Sign out this device" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Sign out Old tablet?");
  await expect(dialog.getByRole("listitem")).toHaveText(["Old tablet"]);
  await dialog.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("1 device signed out — 1 session ended.")).toBeVisible();
  await expect(page.getByTestId("checkup-all-good")).toContainText("All good.");

  const tabletSessions = (await sessionsOf(user.id)).filter((s) => s.deviceId === tablet.id);
  expect(tabletSessions.map((s) => s.revokedReason)).toEqual(["DEVICE_UNTRUSTED"]);
  const { rows } = await sql().query(`SELECT "actorId" FROM "AuditEvent" WHERE "deviceId" = $1 AND type = 'DEVICE_UNTRUSTED'`, [tablet.id]);
  expect(rows).toEqual([{ actorId: user.id }]);
  // Nothing left: no line on /devices.
  await page.goto("/devices");
  await expect(page.getByRole("heading", { level: 1, name: "Your devices" })).toBeVisible();
  await expect(page.getByTestId("checkup-notice")).toHaveCount(0);
});
