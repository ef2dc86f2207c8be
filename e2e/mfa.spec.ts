import { generate } from "otplib";
import { expect, test, type Page } from "@playwright/test";
import { signOutButton } from "./support/devices";
import { createUser, devicesOf, sql } from "./support/db";
import { expectHydrated, signInOverHttp, signInWithForm, signOutViaMenu } from "./support/auth";

/** A code for the next time step: still accepted (one step of drift), and newer than any code used so far. */
const nextCode = (secret: string, steps = 1) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

async function enrolTotp(page: Page): Promise<string> {
  await page.goto("/security");
  await page.getByRole("button", { name: "Add authenticator app" }).click();
  await page.getByLabel("Name").fill("My phone");
  await expectHydrated(page.getByRole("button", { name: "Continue" }));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Code from the app").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Confirm and save" }).click();
  await expect(page.getByRole("status")).toContainText("Authenticator app “My phone” added.");
  await expect(page.locator("li[data-authenticator-id]").filter({ hasText: "My phone" })).toBeVisible();
  return secret;
}

test.describe("second factor", () => {
  test("enrol TOTP; sign-in then needs a code; 'remember this device' skips it; untrust brings it back", async ({ page }) => {
    const user = await createUser();
    await signInOverHttp(page.context(), user);
    const secret = await enrolTotp(page);
    await signOutViaMenu(page);

    await signInWithForm(page, user);
    await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
    // Someone without any of their second factors learns where to turn.
    await expect(page.getByText(/^Can't use any of these\? Your administrator can give you a temporary access code/)).toBeVisible();
    await page.getByLabel("Authentication code").fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("That code didn't work. Check it and try again.");
    // The step says whose sign-in it is; a wrong code is cleared and the field ready for the next.
    await expect(page.getByText(`Signing in as ${user.email}.`)).toBeVisible();
    await expect(page.getByLabel("Authentication code")).toHaveValue("");
    await expect(page.getByLabel("Authentication code")).toBeFocused();
    await page.getByLabel("Authentication code").fill(await nextCode(secret));
    await page.getByLabel("Remember this device for 30 days").check();
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/devices$/);
    const [device] = await devicesOf(user.id);
    await expect(page.locator(`li[data-device-id="${device!.id}"]`).getByText(/Remembered until/)).toBeVisible();

    // Remembered: the password alone is enough on this browser.
    await signOutViaMenu(page);
    await signInWithForm(page, user);
    await expect(page).toHaveURL(/\/devices$/);
    await page.waitForLoadState("load"); // the URL changes before the page's scripts have run

    // Untrusting this device ends its session and forgets it: the code is asked for again.
    await signOutButton(page, device!.id).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Sign out device" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await signInWithForm(page, user);
    await expect(page.getByLabel("Authentication code")).toBeVisible();
  });

  test("a recovery code signs in once", async ({ page }) => {
    const user = await createUser();
    await signInOverHttp(page.context(), user);
    await enrolTotp(page);
    await page.getByRole("button", { name: "Generate recovery codes" }).click();
    const items = page.getByRole("list", { name: "Your new recovery codes" }).getByRole("listitem");
    await expect(items).toHaveCount(10);
    const codes = await items.allTextContents();
    expect(codes).toHaveLength(10);
    await page.getByRole("button", { name: "I have saved them" }).click();
    await expect(page.getByText("10 of 10 unused.")).toBeVisible();
    await signOutViaMenu(page);

    for (const expectSuccess of [true, false]) {
      await signInWithForm(page, user);
      await page.getByRole("button", { name: "Use a recovery code instead" }).click();
      await page.getByLabel("Recovery code").fill(codes[0]!);
      await page.getByRole("button", { name: "Verify" }).click();
      if (expectSuccess) {
        await expect(page).toHaveURL(/\/devices$/);
        await signOutViaMenu(page);
      } else {
        await expect(page.getByRole("main").getByRole("alert")).toHaveText("That code didn't work. Check it and try again.");
      }
    }
  });
});

test("adding a second factor on a session whose password check is over 10 minutes old asks for the password first", async ({ page }) => {
  const user = await createUser();
  await signInOverHttp(page.context(), user);
  await sql().query(`UPDATE "Session" SET "verifiedAt" = now() - interval '11 minutes' WHERE "userId" = $1`, [user.id]);
  await page.goto("/security");
  await page.getByRole("button", { name: "Add authenticator app" }).click();
  await expectHydrated(page.getByRole("button", { name: "Continue" }));
  await page.getByRole("button", { name: "Continue" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Confirm your password" });
  await expect(dialog.getByLabel("Your password")).toBeFocused();
  await expect(dialog.getByLabel("Your password")).toHaveAccessibleDescription(/need your password from the last 10 minutes/);
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toHaveCount(0);
  await dialog.getByLabel("Your password").fill("not my password");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alertdialog", { name: "Confirm your password" }).getByRole("alert")).toHaveText(
    "That password is not right.",
  );
  await expect(page.getByRole("alertdialog", { name: "Confirm your password" }).getByLabel("Your password")).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await page.getByRole("alertdialog", { name: "Confirm your password" }).getByLabel("Your password").fill(user.password);
  await page.getByRole("alertdialog", { name: "Confirm your password" }).getByLabel("Your password").press("Enter");
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  // Proved just now: the next change does not ask again.
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Generate recovery codes" }).click();
  await expect(page.getByRole("list", { name: "Your new recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await expect(page.getByRole("alertdialog", { name: "Confirm your password" })).toHaveCount(0);
});

test("adding an authenticator app signs out the other devices unless unticked", async ({ browser }) => {
  const user = await createUser();
  const here = await browser.newContext();
  const elsewhere = await browser.newContext();
  await signInOverHttp(here, user);
  await signInOverHttp(elsewhere, user);
  const page = await here.newPage();
  await page.goto("/security");
  await page.getByRole("button", { name: "Add authenticator app" }).click();
  await expectHydrated(page.getByRole("button", { name: "Continue" }));
  await page.getByRole("button", { name: "Continue" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await expect(page.getByRole("checkbox", { name: "Also sign out your other devices", exact: true })).toBeChecked();
  await page.getByLabel("Code from the app").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Confirm and save" }).click();
  await expect(page.getByRole("status")).toContainText("1 other session signed out.");
  expect((await elsewhere.request.get("/api/me")).status()).toBe(401);
  expect((await here.request.get("/api/me")).status()).toBe(200);
  await here.close();
  await elsewhere.close();
});
