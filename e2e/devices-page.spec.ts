// The devices page tells devices apart and offers one clear action per card: "This device" first,
// browser and OS with versions and the place, signed-out devices in their own collapsed section,
// and the less common actions in a "More actions" menu that works by keyboard on a phone.
import { expect, test } from "@playwright/test";
import { createUser, devicesOf, sql } from "./support/db";
import { signInOverHttp, UA } from "./support/auth";
import { createDevice } from "./support/api";
import { card, confirmIn, showSignedOut, signOutButton } from "./support/devices";
import { openMainMenu } from "./support/nav";
import { axeViolations } from "./support/axe";

test("this device first; others by browser, version and place; signed-out devices apart and not counted", async ({ browser }) => {
  const user = await createUser();
  const old = await browser.newContext({ userAgent: UA.windows, extraHTTPHeaders: { "X-Forwarded-For": "81.2.69.142" } });
  const other = await browser.newContext({ userAgent: UA.linux, extraHTTPHeaders: { "X-Forwarded-For": "81.169.145.1" } });
  const here = await browser.newContext({ userAgent: UA.mac });
  await signInOverHttp(old, user);
  await signInOverHttp(other, user);
  await signInOverHttp(here, user);
  const [oldDevice, otherDevice, thisDevice] = await devicesOf(user.id);
  // The old one has been signed out; the other was active more recently than this one's sign-in.
  await sql().query(`UPDATE "Session" SET "revokedAt" = now(), "revokedReason" = 'SIGNED_OUT' WHERE "deviceId" = $1`, [oldDevice!.id]);
  await sql().query(`UPDATE "Device" SET "lastSeenAt" = now() + interval '1 minute' WHERE id = $1`, [otherDevice!.id]);

  const page = await here.newPage();
  await page.goto("/devices");
  await expect(page.getByText("2 devices are signed in to your account.")).toBeVisible();
  const signedIn = page.getByRole("list", { name: "Signed-in devices" }).locator(":scope > li");
  await expect(signedIn).toHaveCount(2);
  await expect(signedIn.first()).toHaveAttribute("data-device-id", thisDevice!.id);
  await expect(signedIn.first().getByText("This device")).toBeVisible();
  await expect(card(page, otherDevice!.id)).toContainText("Firefox 144 on Linux · near Berlin, Germany");
  await expect(card(page, otherDevice!.id)).toContainText("1 active session");

  // The signed-out device: collapsed, with a count, listed only when asked.
  const toggle = page.getByRole("button", { name: "Signed out (1)" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(card(page, oldDevice!.id)).toHaveCount(0);
  await showSignedOut(page);
  await expect(card(page, oldDevice!.id)).toContainText("Edge 141 on Windows 10 · near London, United Kingdom");
  await expect(card(page, oldDevice!.id)).toContainText("signed out");
  // Nothing to sign out there (no session, not trusted): no "Sign out" offered.
  await expect(signOutButton(page, oldDevice!.id)).toHaveCount(0);
  // The IP is there on demand.
  await expect(card(page, otherDevice!.id).getByText("81.169.145.1")).toHaveCount(0);
  await card(page, otherDevice!.id)
    .getByRole("button", { name: /^Details/ })
    .click();
  await expect(card(page, otherDevice!.id).getByText("81.169.145.1").first()).toBeVisible();
  await Promise.all([old.close(), other.close(), here.close()]);
});

test("“More actions” by keyboard at 375 px: arrows, Escape returns focus, each item explained; 44 px targets", async ({ browser }) => {
  const user = await createUser();
  const other = await browser.newContext({ userAgent: UA.linux });
  const here = await browser.newContext({ userAgent: UA.mac, viewport: { width: 375, height: 740 } });
  await signInOverHttp(other, user);
  await signInOverHttp(here, user);
  const [otherDevice] = await devicesOf(user.id);
  const page = await here.newPage();
  await page.goto("/devices");
  const more = card(page, otherDevice!.id).getByRole("button", { name: /^More actions/ });
  await expect(more).toHaveAttribute("aria-haspopup", "menu");

  await more.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(more).toHaveAttribute("aria-expanded", "true");
  const items = menu.getByRole("menuitem");
  await expect(items).toHaveText([/Rename/, /Sign out and treat as new/, /I lost this device/, /Remove from your devices/]);
  await expect(items.first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(1)).toBeFocused();
  await expect(items.nth(1)).toHaveAccessibleDescription(/next sign-in counts as a new device/);
  await expect(items.nth(2)).toHaveAccessibleDescription(/removes the second factors set up on it/);
  await page.keyboard.press("End");
  await expect(items.nth(3)).toBeFocused();
  await page.keyboard.press("ArrowDown"); // wraps
  await expect(items.first()).toBeFocused();
  // Open, it stays on the screen: nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();

  // ArrowUp opens on the last item; choosing one opens its dialog, and closing it returns to the button.
  await page.keyboard.press("ArrowUp");
  await expect(items.last()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alertdialog")).toContainText("will be removed from your devices");
  await page.keyboard.press("Escape");
  await expect(more).toBeFocused();

  const details = card(page, otherDevice!.id).getByRole("button", { name: /^Details/ });
  for (const target of [more, signOutButton(page, otherDevice!.id), details]) {
    expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  }
  // A session's own Sign out, under Details, too.
  await details.click();
  const sessionSignOut = card(page, otherDevice!.id)
    .locator("li[data-session-id]")
    .first()
    .getByRole("button", { name: /^Sign out/ });
  expect((await sessionSignOut.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await Promise.all([other.close(), here.close()]);
});

test("at 375 px a confirmation waits while it is touched or focused, and × (44 px) sends it away at once", async ({ browser }) => {
  const user = await createUser();
  const others = [await browser.newContext({ userAgent: UA.linux }), await browser.newContext({ userAgent: UA.windows })];
  const here = await browser.newContext({ userAgent: UA.mac, viewport: { width: 375, height: 740 } });
  for (const c of others) await signInOverHttp(c, user);
  await signInOverHttp(here, user);
  const [first, second] = await devicesOf(user.id);
  const page = await here.newPage();
  await page.clock.install();
  await page.goto("/devices");
  const toast = (text: string) => page.getByRole("status").locator("div", { hasText: text });

  await signOutButton(page, first!.id).click();
  await confirmIn(page, "Sign out device", /will end at once/);
  await expect(toast("Firefox on Linux signed out")).toBeVisible();
  await toast("Firefox on Linux signed out").hover();
  await page.clock.runFor(12_000);
  await expect(toast("Firefox on Linux signed out")).toBeVisible(); // held while pointed at
  await page.mouse.move(10, 10);
  await page.clock.runFor(2_000);
  await expect(toast("Firefox on Linux signed out")).toBeHidden();

  // × is a 44 px target and sends it away at once.
  await signOutButton(page, second!.id).click();
  await confirmIn(page, "Sign out device", /will end at once/);
  const dismiss = toast("Windows").getByRole("button", { name: "Dismiss notification" });
  const box = (await dismiss.boundingBox())!;
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  await dismiss.click();
  await expect(toast("Windows")).toBeHidden();
  await Promise.all([...others.map((c) => c.close()), here.close()]);
});

test("the last card's “More actions” opens upward when there is no room below it (1280 × 800)", async ({ browser }) => {
  const user = await createUser();
  for (let i = 1; i <= 7; i++) await createDevice(user.id, { name: `Laptop ${i}` });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signInOverHttp(context, user);
  const page = await context.newPage();
  await page.goto("/devices");
  const last = page.locator("li[data-device-id]").last();
  await expect(last).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const more = last.getByRole("button", { name: /^More actions/ });
  const button = (await more.boundingBox())!;
  expect(button.y + button.height + 300, "the button sits near the bottom of the window").toBeGreaterThan(800);
  await more.click();
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem").last()).toBeInViewport({ ratio: 1 });
  const box = (await menu.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(button.y);
  // The first card's menu still opens downward.
  await page.keyboard.press("Escape");
  await page.evaluate(() => window.scrollTo(0, 0));
  const first = page
    .locator("li[data-device-id]")
    .first()
    .getByRole("button", { name: /^More actions/ });
  await first.click();
  expect((await page.getByRole("menu").boundingBox())!.y).toBeGreaterThan((await first.boundingBox())!.y);
  await context.close();
});

test("the navigation fits a 320 px screen in one row: every section behind Menu, nothing scrolls sideways", async ({ browser }) => {
  const admin = await createUser({ role: "ADMIN" });
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  await signInOverHttp(context, admin);
  const page = await context.newPage();
  await page.goto("/devices");
  const nav = page.getByRole("navigation", { name: "Main" });
  expect((await page.getByRole("banner").boundingBox())!.height).toBeLessThanOrEqual(64);
  await openMainMenu(page);
  const links = nav.getByRole("link");
  await expect(links).toHaveText(["Devices", "Security", "Apps", "Activity", "API tokens", "Admin"]);
  for (const link of await links.all()) {
    const box = (await link.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await context.close();
});

test("another tab updates at once; a browser signed out elsewhere is told why on the sign-in page", async ({ browser }) => {
  const user = await createUser();
  const here = await browser.newContext({ userAgent: UA.mac });
  const there = await browser.newContext({ userAgent: UA.linux });
  await signInOverHttp(here, user);
  await signInOverHttp(there, user);
  const [hereDevice, thereDevice] = await devicesOf(user.id);
  const tab1 = await here.newPage();
  const tab2 = await here.newPage();
  await tab1.goto("/devices");
  await tab2.goto("/devices");
  await expect(tab2.getByRole("list", { name: "Signed-in devices" }).locator(":scope > li")).toHaveCount(2);

  await signOutButton(tab1, thereDevice!.id).click();
  await tab1.getByRole("alertdialog").getByRole("button", { name: "Sign out device" }).click();
  // The other tab is told by the first (BroadcastChannel), well before its 10-second refresh.
  await expect(tab2.getByRole("list", { name: "Signed-in devices" }).locator(":scope > li")).toHaveCount(1, { timeout: 3_000 });
  await expect(tab2.getByRole("button", { name: "Signed out (1)" })).toBeVisible();

  const signedOut = await there.newPage();
  await signedOut.goto("/devices");
  await expect(signedOut).toHaveURL(/\/sign-in$/);
  await expect(signedOut.getByRole("status").filter({ hasText: /\S/ })).toHaveText("You were signed out from another device.");

  // An administrator ending this browser's session: said so too.
  await sql().query(
    `UPDATE "Session" SET "revokedAt" = now(), "revokedReason" = 'ADMIN_REVOKED' WHERE "deviceId" = $1 AND "revokedAt" IS NULL`,
    [hereDevice!.id],
  );
  await tab1.goto("/devices");
  await expect(tab1).toHaveURL(/\/sign-in$/);
  await expect(tab1.getByRole("status").filter({ hasText: /\S/ })).toHaveText("You were signed out by an administrator.");
  await Promise.all([here.close(), there.close()]);
});

test("times read relative, with the exact time in the reader's own time zone on focus (and tap)", async ({ browser }) => {
  const user = await createUser();
  const context = await browser.newContext({ timezoneId: "Europe/Berlin", locale: "en-GB" });
  await signInOverHttp(context, user);
  const page = await context.newPage();
  await page.goto("/activity");
  const time = page.getByRole("main").locator("time").first();
  await expect(time).toHaveText("just now");
  await expect(page.getByRole("tooltip")).toBeHidden();
  await time.focus();
  const tip = page.getByRole("tooltip");
  await expect(tip).toBeVisible();
  // Berlin in December is UTC+1: the server's UTC time is shown in the reader's zone.
  await expect(tip).toHaveText(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} (CET|GMT\+1)$/);
  await expect(time).toHaveAccessibleDescription(/(CET|GMT\+1)$/);
  await context.close();
});

test("the device page, for this device and another: details, sessions, its history, the same actions; others' devices are a 404", async ({
  browser,
}) => {
  const user = await createUser();
  const stranger = await createUser();
  const there = await browser.newContext({ userAgent: UA.linux, extraHTTPHeaders: { "X-Forwarded-For": "81.169.145.1" } });
  const here = await browser.newContext({ userAgent: UA.mac });
  const elsewhere = await browser.newContext({ userAgent: UA.windows });
  await signInOverHttp(there, user);
  await signInOverHttp(here, user);
  await signInOverHttp(elsewhere, stranger);
  const [otherDevice, thisDevice] = await devicesOf(user.id);
  const [strangersDevice] = await devicesOf(stranger.id);
  const page = await here.newPage();

  // From the list: the card's name leads to the device's page.
  await page.goto("/devices");
  await card(page, otherDevice!.id).getByRole("link", { name: "Firefox on Linux" }).click();
  await expect(page).toHaveURL(new RegExp(`/devices/${otherDevice!.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Firefox on Linux" })).toBeVisible();
  const device = card(page, otherDevice!.id);
  await expect(device).toContainText("Firefox 144 on Linux · near Berlin, Germany");
  await expect(device.getByRole("list", { name: "Sessions" }).locator("li")).toHaveCount(1);
  await expect(device.getByText("81.169.145.1").first()).toBeVisible();
  const history = page.getByRole("list", { name: "History on this device" });
  await expect(history).toContainText("Signed in on Firefox on Linux (new device) from 81.169.145.1 (near Berlin, Germany)");

  // The same actions: rename here, then remove, which returns to the list.
  await card(page, otherDevice!.id)
    .getByRole("button", { name: /^More actions/ })
    .click();
  await page.getByRole("menuitem", { name: "Remove from your devices", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove device" }).click();
  await expect(page).toHaveURL(/\/devices$/);
  await expect(card(page, otherDevice!.id)).toHaveCount(0);
  expect((await there.request.get("/api/me")).status()).toBe(401);

  // This device's own page says so; a removed device, a stranger's and a malformed id are 404s.
  await page.goto(`/devices/${thisDevice!.id}`);
  await expect(page.getByText("The device you are using now.")).toBeVisible();
  await expect(card(page, thisDevice!.id).getByText("This device")).toBeVisible();
  for (const id of [otherDevice!.id, strangersDevice!.id, "not-a-device"]) {
    const res = await page.goto(`/devices/${id}`);
    expect(res!.status(), id).toBe(404);
  }

  // /activity asks "Wasn't you?" of no sign-in here: this device is the one in hand, the other was removed.
  await page.goto("/activity");
  await expect(page.getByRole("list", { name: "Security history" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Wasn't you\?/ })).toHaveCount(0);
  await Promise.all([there.close(), here.close(), elsewhere.close()]);
});
