// An administrator's view of one of a user's devices, /admin/users/{userId}/devices/{deviceId}:
// the user's own device page (details, sessions, history, the same card) with the admin actions,
// reached from the user's admin page, whose device cards are the users' own design. A device of
// another user, a removed or malformed one, and any non-admin get a real 404.
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createUser, devicesOf, sessionsOf, sql } from "./support/db";
import { signInOverHttp, UA } from "./support/auth";
import { card, SIGN_OUT_DEVICE } from "./support/devices";

const BERLIN = "81.169.145.1";

test("an admin opens Bob's device from his page: its details, sessions and history; signs out a session, untrusts it, deletes it", async ({
  browser,
}) => {
  const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  const bob = await createUser({ name: "Bob Example" });
  const laptop = await browser.newContext({ userAgent: UA.linux, extraHTTPHeaders: { "X-Forwarded-For": BERLIN } });
  const phone = await browser.newContext({ userAgent: UA.mac });
  await signInOverHttp(laptop, bob);
  await signInOverHttp(laptop, bob); // a second session on the same device
  await signInOverHttp(phone, bob);
  const [laptopDevice, macDevice] = await devicesOf(bob.id);
  await sql().query(`UPDATE "Device" SET "trustedAt" = now() WHERE id = $1`, [laptopDevice!.id]);
  const adminCtx = await browser.newContext();
  await signInOverHttp(adminCtx, admin);
  const page = await adminCtx.newPage();

  // The user page draws the same cards as Bob's own list: badges, browser and version, place, IP.
  await page.goto(`/admin/users/${bob.id}`);
  const onUserPage = card(page, laptopDevice!.id);
  await expect(onUserPage.getByText("Trusted", { exact: true })).toBeVisible();
  await expect(onUserPage).toContainText(`Firefox 144 on Linux · near Berlin, Germany · IP ${BERLIN}`);
  await expect(onUserPage).toContainText("2 active sessions");
  await expect(card(page, macDevice!.id).getByText("Not trusted")).toBeVisible();
  await expect(card(page, macDevice!.id)).toContainText("Chrome 141 on macOS");

  // Its name leads to the device's page: everything about it, its sessions, its history for the admin.
  await onUserPage.getByRole("link", { name: "Firefox on Linux" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/users/${bob.id}/devices/${laptopDevice!.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Firefox on Linux" })).toBeVisible();
  await expect(page.getByText("One of the devices of Bob Example")).toBeVisible();
  const device = card(page, laptopDevice!.id);
  await expect(device).toContainText("Firefox 144 on Linux · near Berlin, Germany");
  const sessions = device.getByRole("list", { name: "Sessions" }).locator(":scope > li");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toContainText(BERLIN);
  await expect(sessions.first()).toContainText(/Started .*Last seen .*Expires in/);
  const history = page.getByRole("list", { name: "History on this device" });
  await expect(
    history.getByText(`Bob Example signed in on Firefox on Linux (new device) from ${BERLIN} (near Berlin, Germany)`),
  ).toBeVisible();

  // One session signed out: that one only.
  await sessions
    .first()
    .getByRole("button", { name: /^Sign out session/ })
    .click();
  await expect(page.getByRole("alertdialog")).toContainText("Sign out this session of Bob Example?");
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("status").filter({ hasText: /\S/ })).toContainText("Session signed out.");
  await expect(device).toContainText("1 active session");
  expect((await sessionsOf(bob.id)).filter((s) => s.deviceId === laptopDevice!.id && s.revokedReason === "SESSION_REVOKED")).toHaveLength(
    1,
  );

  // Sign out: said what happens first, then the device is signed out and no longer trusted.
  await device.getByRole("button", { name: SIGN_OUT_DEVICE }).click();
  const dialog = page.getByRole("alertdialog", { name: "Sign out “Firefox on Linux” of Bob Example?" });
  await expect(dialog).toContainText("Its 1 active session ends at once, and it is no longer trusted or remembered");
  await dialog.getByRole("button", { name: "Sign out device" }).click();
  await expect(page.getByRole("status").filter({ hasText: /\S/ })).toContainText("Device signed out — 1 session ended.");
  await expect(device.getByText("Not trusted")).toBeVisible();
  await expect(device).toContainText("signed out");
  await expect(history.getByText("Ada Admin signed out Firefox on Linux — 1 session ended")).toBeVisible();
  await expect(history.getByText("Ada Admin signed out a session on Firefox on Linux")).toBeVisible();
  expect((await laptop.request.get("/api/me")).status()).toBe(401);
  // Nothing left to sign out: Sign out is no longer offered.
  await expect(device.getByRole("button", { name: SIGN_OUT_DEVICE })).toHaveCount(0);

  // Remove returns to Bob's page, without the device.
  await device.getByRole("button", { name: /^Remove/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove device" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/users/${bob.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Bob Example" })).toBeFocused();
  await expect(card(page, laptopDevice!.id)).toHaveCount(0);
  await expect(card(page, macDevice!.id)).toBeVisible();
  expect((await devicesOf(bob.id)).find((d) => d.id === laptopDevice!.id)!.deletedAt).not.toBeNull();
  expect((await phone.request.get("/api/me")).status()).toBe(200);
  await Promise.all([laptop.close(), phone.close(), adminCtx.close()]);
});

test("another user's device, a removed device, malformed ids, a missing user and a non-admin are real 404s", async ({ browser }) => {
  const admin = await createUser({ role: "ADMIN" });
  const bob = await createUser({ name: "Bob Example" });
  const stranger = await createUser({ name: "Sam Stranger" });
  const bobCtx = await browser.newContext();
  const strangerCtx = await browser.newContext();
  await signInOverHttp(bobCtx, bob);
  await signInOverHttp(strangerCtx, stranger);
  const [bobsDevice] = await devicesOf(bob.id);
  const [strangersDevice] = await devicesOf(stranger.id);
  const removed = crypto.randomUUID();
  await sql().query(`INSERT INTO "Device" (id, "userId", name, "deletedAt") VALUES ($1, $2, 'Old phone', now() - interval '1 day')`, [
    removed,
    bob.id,
  ]);
  const adminCtx = await browser.newContext();
  await signInOverHttp(adminCtx, admin);
  const page = await adminCtx.newPage();
  const at = (userId: string, deviceId: string) => `/admin/users/${userId}/devices/${deviceId}`;

  expect((await page.goto(at(bob.id, bobsDevice!.id)))?.status()).toBe(200);
  for (const path of [
    at(bob.id, strangersDevice!.id), // someone else's device under Bob
    at(stranger.id, bobsDevice!.id),
    at(bob.id, removed),
    at(bob.id, crypto.randomUUID()),
    at(bob.id, "not-a-device"),
    at("not-a-user", bobsDevice!.id),
    at(crypto.randomUUID(), bobsDevice!.id),
    "/admin/users/not-a-uuid",
    `/admin/users/${crypto.randomUUID()}`,
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }

  // Bob himself, signed in, is not an administrator: the admin view of his own device does not exist for him.
  const bobPage = await bobCtx.newPage();
  for (const path of ["/admin", "/admin/users", `/admin/users/${bob.id}`, at(bob.id, bobsDevice!.id)]) {
    expect((await bobPage.goto(path))?.status(), path).toBe(404);
    await expect(bobPage.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await Promise.all([bobCtx.close(), strangerCtx.close(), adminCtx.close()]);
});

test("a device with more history than its page shows links to all of it in the audit log, filtered to that device", async ({ browser }) => {
  const admin = await createUser({ role: "ADMIN" });
  const bob = await createUser({ name: "Bob Longhistory" });
  const laptop = await browser.newContext({ userAgent: UA.linux });
  await signInOverHttp(laptop, bob);
  await signInOverHttp(await browser.newContext({ userAgent: UA.mac }), bob); // another device: its events stay out
  const [linux, mac] = await devicesOf(bob.id);
  // 24 sign-outs on the laptop, and one on the Mac.
  await sql().query(
    `INSERT INTO "AuditEvent" (id, "actorId", "userId", "deviceId", type, detail, "createdAt")
     SELECT gen_random_uuid(), $1, $1, CASE WHEN i = 0 THEN $3::uuid ELSE $2::uuid END, 'SIGN_OUT', '{}', now() - i * interval '1 minute'
       FROM generate_series(0, 24) i`,
    [bob.id, linux!.id, mac!.id],
  );
  const { rows } = await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "deviceId" = $1`, [linux!.id]);
  const total = rows[0]!.n;
  const adminCtx = await browser.newContext();
  await signInOverHttp(adminCtx, admin);
  const page = await adminCtx.newPage();

  await page.goto(`/admin/users/${bob.id}/devices/${linux!.id}`);
  await expect(page.getByText(`Showing the latest 20 of ${total} entries on this device.`)).toBeVisible();
  await page.getByRole("link", { name: `See all ${total} in the audit log` }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/activity\\?subject=${bob.id}&device=${linux!.id}$`));
  // The note names the device and whose it is, and links to its page.
  const note = page.getByText(/^Only the events on/);
  await expect(note).toHaveText(`Only the events on ${linux!.name}, a device of Bob Longhistory. Show every device`);
  await expect(note.getByRole("link", { name: linux!.name })).toHaveAttribute("href", `/admin/users/${bob.id}/devices/${linux!.id}`);
  const events = page.locator("[data-event-type]");
  await expect(events).toHaveCount(total);
  await expect(events.filter({ hasText: "Chrome on macOS" })).toHaveCount(0);

  // The other filters keep the device; "Show every device" lets it go.
  await page.getByLabel("Show").selectOption({ label: "Sign-ins" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/device=/);
  await page.getByRole("link", { name: "Show every device" }).click();
  await expect(page).not.toHaveURL(/device=/);
  await expect(page.getByText(/^Only the events on/)).toHaveCount(0);
});
