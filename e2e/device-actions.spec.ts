import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { createUser, devicesOf, sessionsOf, signInToApp, sql, type TestUser } from "./support/db";
import { signInOverHttp, signInWithForm, UA } from "./support/auth";
import { card, chooseDeviceAction, confirmIn, showSignedOut, signOutButton } from "./support/devices";

const dialog = (page: Page) => page.getByRole("alertdialog");

async function expectSignedOut(page: Page) {
  await page.goto("/devices");
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** One user on two browsers: A (mac) acts, B (linux) is acted upon. */
async function twoDevices(browser: import("@playwright/test").Browser) {
  const user = await createUser();
  const a = await browser.newContext({ userAgent: UA.mac });
  const b = await browser.newContext({ userAgent: UA.linux });
  await signInOverHttp(a, user);
  await signInOverHttp(b, user);
  const [deviceA, deviceB] = await devicesOf(user.id);
  const pageA = await a.newPage();
  const pageB = await b.newPage();
  await pageA.goto("/devices");
  await pageB.goto("/devices");
  return { user, a, b, pageA, pageB, deviceA: deviceA!, deviceB: deviceB! };
}

test.describe("device actions", () => {
  test("sign out (untrust), then sign out and treat as new (invalidate), then remove (delete) device B from A: B is signed out each time", async ({
    browser,
  }) => {
    const { user, b, pageA, pageB, deviceB } = await twoDevices(browser);
    await sql().query(`UPDATE "Device" SET "trustedAt" = now() WHERE id = $1`, [deviceB.id]);
    await pageA.reload();

    // Sign out (untrust): the card moves to the "Signed out" section
    await expect(card(pageA, deviceB.id).getByText("Trusted")).toBeVisible();
    await signOutButton(pageA, deviceB.id).click();
    await confirmIn(pageA, "Sign out device", /1 active session will end at once, and it will no longer be trusted or remembered/);
    await expect(pageA.getByRole("status")).toContainText("Firefox on Linux signed out — 1 session ended; it is no longer trusted.");
    await showSignedOut(pageA);
    await expect(pageA.getByRole("list", { name: "Signed-out devices" }).locator(`li[data-device-id="${deviceB.id}"]`)).toBeVisible();
    await expect(card(pageA, deviceB.id).getByText("Not trusted")).toBeVisible();
    // Nothing left to sign out: the button is not offered.
    await expect(signOutButton(pageA, deviceB.id)).toHaveCount(0);
    await expectSignedOut(pageB);
    expect((await sessionsOf(user.id)).find((s) => s.deviceId === deviceB.id)!.revokedReason).toBe("DEVICE_UNTRUSTED");

    // Invalidate: B's next sign-in is a new device on the same row
    await signInOverHttp(b, user);
    await pageA.reload();
    await chooseDeviceAction(pageA, deviceB.id, "Sign out and treat as new");
    await confirmIn(pageA, "Sign out and treat as new", /next sign-in will count as a new device/);
    await showSignedOut(pageA);
    await expect(card(pageA, deviceB.id).getByText("Treated as new")).toBeVisible();
    await expectSignedOut(pageB);
    await signInWithForm(pageB, user);
    await expect(pageB).toHaveURL(/\/devices$/);
    await expect(card(pageB, deviceB.id).getByText("This device")).toBeVisible();
    // New to the other device's eyes; no badges of alarm on the browser in hand.
    await expect(card(pageB, deviceB.id).getByText("New device")).toHaveCount(0);
    await expect(card(pageB, deviceB.id).getByText("Not trusted")).toHaveCount(0);
    await pageA.reload();
    await expect(card(pageA, deviceB.id).getByText("New device")).toBeVisible();
    expect((await devicesOf(user.id)).map((d) => d.id)).toContain(deviceB.id);

    // Delete: B's next sign-in makes a new Device row
    await pageA.reload();
    await chooseDeviceAction(pageA, deviceB.id, "Remove from your devices");
    await confirmIn(pageA, "Remove device", /removed from your devices/);
    await expect(card(pageA, deviceB.id)).toHaveCount(0);
    await expectSignedOut(pageB);
    await signInOverHttp(b, user);
    const devices = await devicesOf(user.id);
    expect(devices).toHaveLength(3);
    expect(devices.find((d) => d.id === deviceB.id)!.deletedAt).not.toBeNull();
    const fresh = devices.find((d) => d.id !== deviceB.id && d.name === "Firefox on Linux")!;
    await pageB.goto("/devices");
    await expect(card(pageB, fresh.id).getByText("This device")).toBeVisible();

    // The history says what happened and who did it.
    await pageA.goto("/activity");
    const history = pageA.getByRole("list", { name: "Security history" });
    await expect(history.getByText("You removed Firefox on Linux from your devices — 1 session ended")).toBeVisible();
    await expect(history.getByText("You signed out Firefox on Linux and set it to be treated as new — 1 session ended")).toBeVisible();
    await expect(history.getByText("You signed out Firefox on Linux — 1 session ended")).toBeVisible();
    await expect(history.getByText(/Signed in on Firefox on Linux \(new device\)/).first()).toBeVisible();
  });

  test("per-session Sign out ends that browser's session", async ({ browser }) => {
    const { user, pageA, pageB, deviceB } = await twoDevices(browser);
    await card(pageA, deviceB.id)
      .getByRole("button", { name: /^Details/ })
      .click();
    const sessions = card(pageA, deviceB.id).getByRole("list", { name: "Sessions" });
    await sessions.getByRole("button", { name: /^Sign out session/ }).click();
    await confirmIn(pageA, "Sign out", /that browser will have to sign in again/);
    // Its last session ended: the device is listed under "Signed out".
    await showSignedOut(pageA);
    await expect(card(pageA, deviceB.id)).toContainText("signed out");
    await expectSignedOut(pageB);
    expect((await sessionsOf(user.id)).find((s) => s.deviceId === deviceB.id)!.revokedReason).toBe("SESSION_REVOKED");
    await pageA.reload();
    await expect(pageA).toHaveURL(/\/devices$/);
  });

  test("Sign out all other devices keeps only this browser", async ({ browser }) => {
    const { user, pageA, pageB } = await twoDevices(browser);
    const c = await browser.newContext({ userAgent: UA.windows });
    await signInOverHttp(c, user);
    const pageC = await c.newPage();
    // Browser C signed in to an app through Devicekeeper (its grant bound to C's session): the dialog names it.
    const appName = `Wiki ${user.id.slice(0, 6)}`;
    await signInToApp(user.id, appName);
    await pageA.reload();
    await pageA.getByRole("button", { name: "Sign out all other devices" }).click();
    await expect(pageA.getByRole("alertdialog")).toContainText(
      `They are also signed out of ${appName}, which they signed in to with Devicekeeper.`,
    );
    await confirmIn(pageA, "Sign out all other devices", /2 sessions on your other devices will end/);
    await expect(pageA.getByRole("status")).toContainText("Signed out 2 other sessions.");
    await expect(pageA.getByRole("button", { name: "Sign out all other devices" })).toBeDisabled();
    await expect(pageA.getByRole("button", { name: "Sign out all other devices" })).toHaveAccessibleDescription(
      "No other device is signed in.",
    );
    await expectSignedOut(pageB);
    await expectSignedOut(pageC);
    await pageA.reload();
    await expect(pageA).toHaveURL(/\/devices$/);
    expect((await sessionsOf(user.id)).filter((s) => !s.revokedAt)).toHaveLength(1);
  });

  test("acting on this device warns first, then lands on /sign-in", async ({ browser }) => {
    const { pageA, deviceA } = await twoDevices(browser);
    await signOutButton(pageA, deviceA.id).click();
    await expect(dialog(pageA)).toContainText("you will be signed out here");
    // Not trusted or remembered: the dialog does not say it will stop being so.
    await expect(dialog(pageA)).not.toContainText("trusted");
    // Signed out, the page leaves at once: it does not ask for the list again (a 401 in the console).
    const refused: string[] = [];
    pageA.on("response", (r) => void (r.status() === 401 && refused.push(r.url())));
    await dialog(pageA).getByRole("button", { name: "Sign out device" }).click();
    await expect(pageA).toHaveURL(/\/sign-in$/);
    await pageA.waitForLoadState("load");
    expect(refused).toEqual([]);
    await expectSignedOut(pageA);
  });

  test("an action asks for the list once: this tab's own announcement to other tabs is not heard here", async ({ browser }) => {
    const { pageA, deviceB } = await twoDevices(browser);
    // Counted from a fresh load: the 10-second refresh is well after what follows.
    await pageA.reload();
    const asked: string[] = [];
    pageA.on("request", (r) => void (r.url().endsWith("/api/me/devices") && asked.push(r.method())));
    await signOutButton(pageA, deviceB.id).click();
    await confirmIn(pageA, "Sign out device", /1 active session will end at once/);
    await expect(pageA.getByRole("status")).toContainText("signed out — 1 session ended");
    await expect.poll(() => asked.length).toBe(1);
    // A second request would follow the first within a task or two; give it the time to show.
    await pageA.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await pageA.waitForLoadState("networkidle");
    expect(asked).toEqual(["GET"]);
  });

  test("Escape closes a dialog without doing anything, and focus stays inside while open", async ({ browser }) => {
    const { user, pageA, deviceB } = await twoDevices(browser);
    await chooseDeviceAction(pageA, deviceB.id, "Remove from your devices");
    await expect(dialog(pageA)).toBeVisible();
    await expect(dialog(pageA).getByRole("button", { name: "Cancel" })).toBeFocused();
    for (let i = 0; i < 4; i++) {
      await pageA.keyboard.press("Tab");
      expect(await dialog(pageA).evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await pageA.keyboard.press("Escape");
    await expect(dialog(pageA)).toBeHidden();
    await expect(card(pageA, deviceB.id).getByRole("button", { name: /^More actions/ })).toBeFocused();
    expect((await devicesOf(user.id)).every((d) => !d.deletedAt)).toBe(true);
  });

  test("keyboard focus stays in place: on the next card when one moves to Signed out, on the card when its rename field closes", async ({
    browser,
  }) => {
    const { user, a, pageA, deviceA, deviceB } = await twoDevices(browser);
    const c = await browser.newContext({ userAgent: UA.windows });
    await signInOverHttp(c, user);
    const deviceC = (await devicesOf(user.id)).find((d) => d.id !== deviceA.id && d.id !== deviceB.id)!;
    await pageA.reload();
    // This device first, then the most recently active: A, C, B.
    const signedIn = pageA.getByRole("list", { name: "Signed-in devices" }).locator("li[data-device-id]");
    await expect(signedIn).toHaveCount(3);
    expect(await signedIn.evaluateAll((items) => items.map((i) => i.getAttribute("data-device-id")))).toEqual([
      deviceA.id,
      deviceC.id,
      deviceB.id,
    ]);
    const focusedIsBody = () => pageA.evaluate(() => document.activeElement === document.body);

    // Sign out B with the keyboard: its card leaves the list, and focus lands on the card now last (C), not on the page.
    await signOutButton(pageA, deviceB.id).focus();
    await pageA.keyboard.press("Enter");
    await expect(dialog(pageA).getByRole("button", { name: "Cancel" })).toBeFocused();
    await pageA.keyboard.press("Tab");
    await pageA.keyboard.press("Enter");
    await expect(pageA.getByRole("status")).toContainText("signed out");
    await expect(signedIn).toHaveCount(2);
    await expect(card(pageA, deviceC.id).getByRole("link").first()).toBeFocused();

    // Rename C with the keyboard: Enter saves and focus is on its (renamed) name, as after Escape.
    await card(pageA, deviceC.id)
      .getByRole("button", { name: /^More actions/ })
      .press("Enter");
    await pageA.getByRole("menuitem", { name: "Rename", exact: true }).press("Enter");
    const field = card(pageA, deviceC.id).getByRole("textbox", { name: "Device name" });
    await expect(field).toBeFocused();
    await field.fill("Gaming PC");
    await field.press("Enter");
    await expect(card(pageA, deviceC.id).getByRole("link", { name: "Gaming PC" })).toBeFocused();
    await card(pageA, deviceC.id)
      .getByRole("button", { name: /^More actions/ })
      .press("Enter");
    await pageA.getByRole("menuitem", { name: "Rename", exact: true }).press("Enter");
    await card(pageA, deviceC.id).getByRole("textbox", { name: "Device name" }).press("Escape");
    await expect(card(pageA, deviceC.id).getByRole("link", { name: "Gaming PC" })).toBeFocused();
    expect(await focusedIsBody()).toBe(false);

    // A click on the page's background is left alone: when the card it was on then goes (removed
    // elsewhere, seen at the next refresh), focus is not pulled back into the list.
    await pageA.getByRole("heading", { name: "Your devices" }).click();
    expect(await focusedIsBody()).toBe(true);
    await sql().query(`UPDATE "Device" SET "deletedAt" = now() WHERE id = $1`, [deviceC.id]);
    await pageA.evaluate(() => window.dispatchEvent(new Event("visibilitychange"))); // react-query refetches on it
    await expect(card(pageA, deviceC.id)).toHaveCount(0);
    expect(await focusedIsBody()).toBe(true);
    await c.close();
    await a.close();
  });

  test("rename inline: Enter saves, Escape cancels, bad names get a field message and save nothing", async ({ browser }) => {
    const { user, pageA, deviceB } = await twoDevices(browser);
    const item = card(pageA, deviceB.id);
    const field = item.getByLabel("Device name");
    await chooseDeviceAction(pageA, deviceB.id, "Rename");
    await field.fill("  Kitchen PC  ");
    await field.press("Enter");
    await expect(item.getByRole("heading", { name: "Kitchen PC" })).toBeVisible();
    expect((await devicesOf(user.id)).find((d) => d.id === deviceB.id)!.name).toBe("Kitchen PC");

    await chooseDeviceAction(pageA, deviceB.id, "Rename");
    await field.fill("Something else");
    await field.press("Escape");
    await expect(item.getByRole("heading", { name: "Kitchen PC" })).toBeVisible();

    for (const [name, message] of [
      ["", "Enter a device name"],
      ["x".repeat(65), "Use at most 64 characters"],
      ["tab\there", "Use only printable characters"],
    ]) {
      await chooseDeviceAction(pageA, deviceB.id, "Rename");
      await field.fill(name!);
      await field.press("Enter");
      await expect(item.getByText(message!)).toBeVisible();
      await expect(field).toHaveAttribute("aria-invalid", "true");
      await field.press("Escape");
    }
    expect((await devicesOf(user.id)).find((d) => d.id === deviceB.id)!.name).toBe("Kitchen PC");
  });

  test("when the server refuses, the optimistic change rolls back with an error toast", async ({ browser }) => {
    const { pageA, deviceB } = await twoDevices(browser);
    // Deleted elsewhere after this page loaded: the page still offers it.
    await sql().query(`UPDATE "Device" SET "deletedAt" = now() WHERE id = $1`, [deviceB.id]);
    await chooseDeviceAction(pageA, deviceB.id, "Rename");
    await card(pageA, deviceB.id).getByLabel("Device name").fill("Too late");
    await card(pageA, deviceB.id).getByLabel("Device name").press("Enter");
    await expect(pageA.getByRole("alert").filter({ hasText: "Device not found" })).toBeVisible();
    // Rolled back, then the refetch shows the truth: the device is gone.
    await expect(card(pageA, deviceB.id)).toHaveCount(0);
    await expect(pageA.getByText("Too late")).toHaveCount(0);
  });

  test("a change made elsewhere shows up when the page regains focus", async ({ browser }) => {
    const { pageA, deviceB } = await twoDevices(browser);
    await sql().query(`UPDATE "Device" SET name = 'Renamed elsewhere' WHERE id = $1`, [deviceB.id]);
    // What the browser fires when the user comes back to the tab (react-query listens on window).
    await pageA.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
    await expect(card(pageA, deviceB.id).getByRole("heading", { name: "Renamed elsewhere" })).toBeVisible();
  });
});

export type { BrowserContext, TestUser };
