import { generate } from "otplib";
import { expect, test } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { signInOverHttp, signInWithForm, signOutViaMenu } from "./support/auth";
import { signOutButton } from "./support/devices";

// carol is shared demo data: these steps change her, so they run in order, in this file only.
test.describe.configure({ mode: "serial" });

const CAROL = { email: "carol@example.com", password: "devicekeeper" };

test.describe("carol, who lost her phone (Ping Identity AIC)", () => {
  test("signs in with the TOTP secret from the README and sees every kind of second factor", async ({ page }) => {
    await signInWithForm(page, CAROL);
    await page.getByLabel("Authentication code").fill(await generate({ secret: "DEVICEKEEPERDEMOCAROLTOTPSECRETA" }));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/devices$/);
    const phone = page.locator("li[data-device-id]").filter({ hasText: "Carol's iPhone" });
    // Each factor's kind said once, not "Carol's iPhone (push) (push)".
    await expect(phone.getByText("Second factors here: Carol's iPhone (push), Carol's iPhone (bound)", { exact: true })).toBeVisible();
    await page.goto("/security");
    for (const group of ["Authenticator apps", "Passkeys and security keys", "Push sign-in approvals", "Bound devices"]) {
      await expect(page.getByRole("heading", { name: group })).toBeVisible();
    }
    await expect(page.locator("li[data-authenticator-id]").filter({ hasText: "MacBook Touch ID" })).toBeVisible();
    await signOutViaMenu(page);
  });

  test("an admin deletes her passkey and resets her OATH and push: she signs in without a code, and the passkey is gone", async ({
    browser,
  }) => {
    const admin = await createUser({ role: "ADMIN" });
    const adminCtx = await browser.newContext();
    await signInOverHttp(adminCtx, admin);
    const page = await adminCtx.newPage();
    await page.goto("/admin/users?q=carol%40example.com"); // the demo carol, not the tests' own Carols
    await page.getByRole("list", { name: "Users" }).getByRole("link", { name: "Carol Example" }).click();
    await expect(page.getByRole("heading", { name: "Carol Example", level: 1 })).toBeVisible();

    await page.locator("li[data-authenticator-id]").filter({ hasText: "MacBook Touch ID" }).getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete passkey" }).click();
    await expect(page.getByRole("status")).toContainText("Passkey “MacBook Touch ID” deleted.");
    await page.getByRole("button", { name: "Reset authenticator apps" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Reset authenticator apps" }).click();
    await expect(page.getByRole("status")).toContainText("Authenticator apps reset (1 removed).");

    // Her lost phone still answers sign-ins by push: the second step asks it, and nobody approves.
    const carolCtx = await browser.newContext();
    const carol = await carolCtx.newPage();
    await signInWithForm(carol, CAROL);
    await expect(carol.getByRole("status").filter({ hasText: /\S/ })).toContainText("We sent a sign-in request to Carol's iPhone (push)");
    // So the admin resets push too (Ping's "Reset push devices"): no second factor is left.
    await page.getByRole("button", { name: "Reset push sign-in approvals" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Reset push sign-in approvals" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Push sign-in approvals reset (1 phone removed)." })).toBeVisible();
    // The button is gone with what it reset: focus stays in its box, on its heading, not at the top of the page.
    await expect(page.getByRole("heading", { name: "Push sign-in approvals", exact: true })).toBeFocused();
    await carol.getByRole("button", { name: "Start over" }).click();
    await signInWithForm(carol, CAROL);
    await expect(carol).toHaveURL(/\/devices$/);
    await carol.goto("/security");
    await expect(carol.locator("li[data-authenticator-id]").filter({ hasText: "MacBook Touch ID" })).toHaveCount(0);
    await carol.goto("/activity");
    await expect(carol.getByText(`${admin.name} reset your authenticator apps`)).toBeVisible();
    await expect(carol.getByText(`${admin.name} deleted your passkey “MacBook Touch ID”`)).toBeVisible();
  });
});

test("an admin untrusts one of alice's devices: that browser is signed out on its next request", async ({ browser }) => {
  const admin = await createUser({ role: "ADMIN" });
  const aliceCtx = await browser.newContext();
  await signInOverHttp(aliceCtx, { email: "alice@example.com", password: "devicekeeper" });
  const alicePage = await aliceCtx.newPage();
  await alicePage.goto("/devices");
  const { rows } = await sql().query(
    `SELECT d.id, d."userId" FROM "Device" d JOIN "User" u ON u.id = d."userId" WHERE u.email = 'alice@example.com' ORDER BY d."createdAt" DESC LIMIT 1`,
  );
  const [{ id: deviceId, userId }] = rows;

  const adminCtx = await browser.newContext();
  await signInOverHttp(adminCtx, admin);
  const page = await adminCtx.newPage();
  await page.goto(`/admin/users/${userId}`);
  await signOutButton(page, deviceId).click();
  await expect(page.getByRole("alertdialog")).toContainText("Alice Example");
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign out device" }).click();
  await expect(page.getByRole("status")).toContainText("Device signed out — 1 session ended.");

  await alicePage.goto("/devices");
  await expect(alicePage).toHaveURL(/\/sign-in$/);
  const { rows: events } = await sql().query(`SELECT "actorId" FROM "AuditEvent" WHERE "deviceId" = $1 AND type = 'DEVICE_UNTRUSTED'`, [
    deviceId,
  ]);
  expect(events).toEqual([{ actorId: admin.id }]);
});
