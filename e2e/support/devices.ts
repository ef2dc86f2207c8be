import { expect, type Page } from "@playwright/test";

/** A device's card on /devices (or an admin's view of it). */
export const card = (page: Page, deviceId: string) => page.locator(`li[data-device-id="${deviceId}"]`);

/** A card's "Sign out" button (the untrust operation) by its name: not a session's, not an administrator's "… and treat it as new". */
export const SIGN_OUT_DEVICE = /^Sign out (?!all|session)(?!.* and treat it as new$)/;

/** The card's primary action, "Sign out" (the untrust operation). */
export const signOutButton = (page: Page, deviceId: string) => card(page, deviceId).getByRole("button", { name: SIGN_OUT_DEVICE });

/** Opens the card's "More actions" menu and chooses an item (Rename, Sign out and treat as new, Remove from your devices). */
export async function chooseDeviceAction(page: Page, deviceId: string, item: string) {
  await card(page, deviceId)
    .getByRole("button", { name: /^More actions/ })
    .click();
  await page.getByRole("menuitem", { name: item, exact: true }).click();
}

/** Opens the collapsed "Signed out (n)" section, where devices without a live session are listed. */
export async function showSignedOut(page: Page) {
  const toggle = page.getByRole("button", { name: /^Signed out \(\d+\)$/ });
  await expect(toggle).toBeVisible();
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
}

/** The confirmation dialog says `says`; its `label` button confirms, and the dialog closes. */
export async function confirmIn(page: Page, label: string, says: RegExp) {
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(says);
  await dialog.getByRole("button", { name: label }).click();
  await expect(dialog).toBeHidden();
}
