// "I lost this device" (the user, from another of their devices) and "Lost device" (an
// administrator, on the user's device page): the lost device's session is refused on its next
// request, its push registration is gone, and the dialog said beforehand what would go, what would
// stay and what the next sign-in asks. Then getting back in: the admin issues a temporary access
// code, Carol signs in with her password and it, sets up a new authenticator app, and the code is spent.
import { generate } from "otplib";
import { expect, test, type Browser } from "@playwright/test";
import { createUser, sessionsOf, sql, type TestUser } from "./support/db";
import { expectHydrated, signInOverHttp, signInWithForm, UA } from "./support/auth";
import { createAuthenticator } from "./support/api";
import { card, chooseDeviceAction } from "./support/devices";
import { waitForMail } from "./support/mail";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

/** The user signed in on a laptop and on their iPhone, which registered itself for push sign-in approvals. */
async function laptopAndPhone(browser: Browser, user: TestUser) {
  const laptop = await browser.newContext({ userAgent: UA.mac });
  await signInOverHttp(laptop, user);
  const phone = await browser.newContext({ userAgent: IPHONE });
  await signInOverHttp(phone, user);
  const registered = await phone.request.post("/api/v1/mfa/push", {
    data: { deviceName: "Carol's iPhone (push)", platformDeviceId: "iphone-1", pushToken: "push-token-1" },
  });
  expect(registered.status()).toBe(201);
  const { id: pushId } = (await registered.json()) as { id: string };
  const { rows } = await sql().query<{ id: string; deviceId: string }>(`SELECT id, "deviceId" FROM "Authenticator" WHERE id = $1`, [
    pushId,
  ]);
  const phoneDeviceId = rows[0]!.deviceId;
  await sql().query(`UPDATE "Device" SET name = 'Carol''s iPhone', "trustedAt" = now() WHERE id = $1`, [phoneDeviceId]);
  return { laptop, phone, phoneDeviceId, pushId };
}

const factorExists = async (id: string) =>
  (await sql().query(`SELECT count(*)::int AS n FROM "Authenticator" WHERE id = $1`, [id])).rows[0].n === 1;

test("the user marks their lost iPhone from their laptop: asked for the password, told what goes and stays; the iPhone is signed out and its push gone", async ({
  browser,
}) => {
  const carol = await createUser({ name: "Carol Example" });
  const { laptop, phone, phoneDeviceId, pushId } = await laptopAndPhone(browser, carol);
  await createAuthenticator(carol.id, "WEBAUTHN", "YubiKey"); // not bound to any device: it stays
  // Her password was checked over 10 minutes ago: removing second factors asks for it again.
  await sql().query(`UPDATE "Session" SET "verifiedAt" = now() - interval '1 hour' WHERE "userId" = $1`, [carol.id]);
  const page = await laptop.newPage();

  // Where someone who lost a phone may look first, the Security page points the way.
  await page.goto("/security");
  const pointer = page.getByText(/^Lost a phone or a computer\?/);
  await expect(pointer).toContainText(
    "open it and choose “I lost this device”: it is signed out, and the second factors set up on it are removed.",
  );
  await pointer.getByRole("link", { name: "Your devices" }).click();
  await expect(page).toHaveURL(/\/devices$/);

  // In the card's menu on /devices (never for the device in hand) …
  await page.goto("/devices");
  await chooseDeviceAction(page, phoneDeviceId, "I lost this device");
  const dialog = page.getByRole("alertdialog");
  await expect(dialog.getByRole("heading", { name: "Mark Carol's iPhone as lost?" })).toBeVisible();
  await expect(dialog.getByRole("list", { name: "What goes" })).toContainText("1 active session on it ends at once");
  await expect(dialog.getByRole("list", { name: "What goes" })).toContainText("The push registration “Carol's iPhone (push)”");
  await expect(dialog.getByRole("list", { name: "What stays" })).toContainText("The passkey “YubiKey”");
  await expect(dialog).not.toContainText("gets an email");
  await expect(dialog.getByTestId("next-sign-in")).toHaveText(
    "After this, signing in asks for your password, then a passkey or security key.",
  );
  await dialog.getByRole("button", { name: "Cancel" }).click();
  const own = (await sql().query(`SELECT "deviceId" FROM "Session" WHERE "userId" = $1 AND "deviceId" <> $2`, [carol.id, phoneDeviceId]))
    .rows[0].deviceId as string;
  await card(page, own)
    .getByRole("button", { name: /^More actions/ })
    .click();
  await expect(page.getByRole("menuitem", { name: "Rename" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "I lost this device" })).toHaveCount(0);
  await page.keyboard.press("Escape");

  // … and as a button on the device's own page.
  await page.goto(`/devices/${phoneDeviceId}`);
  await page.getByRole("button", { name: "I lost this device: Carol's iPhone" }).click();
  await dialog.getByLabel("Your password").fill(carol.password);
  await dialog.getByRole("button", { name: "Mark as lost" }).click();
  await expect(page.getByRole("status").filter({ hasText: "marked as lost" })).toContainText(
    "Carol's iPhone marked as lost — 1 session ended, 1 second factor removed.",
  );

  // The iPhone's next request is refused; its push registration is gone; the laptop stays signed in.
  expect((await phone.request.get("/api/me")).status()).toBe(401);
  expect(await factorExists(pushId)).toBe(false);
  expect((await laptop.request.get("/api/me")).status()).toBe(200);
  expect((await sessionsOf(carol.id)).filter((s) => s.deviceId === phoneDeviceId).map((s) => s.revokedReason)).toEqual(["DEVICE_LOST"]);
  await expect(card(page, phoneDeviceId)).not.toContainText("Second factors here");
  // The card and the page say it in the same words as the dialog, the history and the email.
  await expect(card(page, phoneDeviceId).getByText("Marked as lost", { exact: true })).toBeVisible();
  await expect(page.getByText(/^Marked as lost on \d{1,2} \w{3} \d{4}: it was signed out/)).toBeVisible();
  await expect(page.getByRole("list", { name: "History on this device" })).toContainText(
    "You marked Carol's iPhone as lost — 1 session ended; second factors removed: “Carol's iPhone (push)”",
  );
  await waitForMail(carol.email, /^You marked one of your devices as lost$/);
});

test("an admin marks Carol's iPhone lost: its session is refused on its next request and its push registration is gone", async ({
  browser,
}) => {
  const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  const carol = await createUser({ name: "Carol Example" });
  const { laptop, phone, phoneDeviceId, pushId } = await laptopAndPhone(browser, carol);
  expect((await phone.request.get("/api/me")).status()).toBe(200);

  const adminCtx = await browser.newContext();
  await signInOverHttp(adminCtx, admin);
  const page = await adminCtx.newPage();
  await page.goto(`/admin/users/${carol.id}/devices/${phoneDeviceId}`);
  await page.getByRole("button", { name: "Lost device: Carol's iPhone" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog.getByRole("heading", { name: "Mark “Carol's iPhone” of Carol Example as lost?" })).toBeVisible();
  await expect(dialog.getByRole("list", { name: "What goes" })).toContainText("The push registration “Carol's iPhone (push)”");
  await expect(dialog.getByRole("list", { name: "What stays" })).toHaveText("Carol Example's other devices, still signed in");
  // Push was her only second factor: said plainly, by the rule sign-in follows.
  await expect(dialog.getByTestId("next-sign-in")).toHaveText(
    "After this, signing in as Carol Example asks for their password only: there is no second step.",
  );
  await expect(dialog).toContainText("No second factor is left: ask Carol Example to set up a new one afterwards.");
  await expect(dialog).toContainText("Carol Example gets an email saying you did this, unless they have turned that email off.");
  await dialog.getByRole("button", { name: "Mark as lost" }).click();
  await expect(page.getByRole("status").filter({ hasText: "marked as lost" })).toContainText(
    "Carol's iPhone marked as lost — 1 session ended, 1 second factor removed.",
  );

  // The lost iPhone: refused on its very next request, as an API call and as a page.
  expect((await phone.request.get("/api/me")).status()).toBe(401);
  const phonePage = await phone.newPage();
  await phonePage.goto("/devices");
  await expect(phonePage).toHaveURL(/\/sign-in$/);
  expect(await factorExists(pushId)).toBe(false);
  expect((await laptop.request.get("/api/me")).status()).toBe(200);
  const { rows: events } = await sql().query(`SELECT "actorId", detail FROM "AuditEvent" WHERE "deviceId" = $1 AND type = 'DEVICE_LOST'`, [
    phoneDeviceId,
  ]);
  expect(events).toEqual([{ actorId: admin.id, detail: expect.objectContaining({ factorsRemoved: 1, sessionsEnded: 1 }) }]);

  // Nothing left to do: the button is gone; Carol is told, by name of the administrator.
  await expect(page.getByRole("button", { name: "Lost device: Carol's iPhone" })).toHaveCount(0);
  const mail = await waitForMail(carol.email, /^An administrator marked one of your devices as lost$/);
  expect(mail.text).toContain("Ada Admin marked “Carol's iPhone” as lost.");
});

test("Carol loses her iPhone: the admin marks it lost and issues a temporary access code; she signs in with it once and sets up a new authenticator app", async ({
  browser,
}) => {
  const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  const carol = await createUser({ name: "Carol Example" });
  const { phone, pushId } = await laptopAndPhone(browser, carol);

  // The admin marks the iPhone lost, from Carol's own page (its card has Lost device, as the device's page does):
  // its session is refused on its next request, its push registration is gone.
  const adminCtx = await browser.newContext();
  await signInOverHttp(adminCtx, admin);
  const page = await adminCtx.newPage();
  await page.goto(`/admin/users/${carol.id}`);
  await page.getByRole("list", { name: "Devices of Carol Example" }).getByRole("button", { name: "Lost device: Carol's iPhone" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Mark as lost" }).click();
  await expect(page.getByRole("status").filter({ hasText: "marked as lost" })).toBeVisible();
  // The confirmation comes with the page that shows it, not before (read at once, not waited for).
  expect(await page.getByRole("list", { name: "Devices of Carol Example" }).innerText()).toContain("Marked as lost");
  // Its buttons that no longer apply are gone: focus is on the card's Remove, not lost to the page.
  await expect(page.getByRole("button", { name: "Remove Carol's iPhone" })).toBeFocused();
  expect((await phone.request.get("/api/me")).status()).toBe(401);
  expect(await factorExists(pushId)).toBe(false);

  // … then issues a temporary access code: the dialog says what will happen; the code is shown once.
  await page.goto(`/admin/users/${carol.id}`);
  const section = page.getByRole("region", { name: "Temporary access code" });
  await section.getByRole("button", { name: "Issue a temporary access code" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog.getByRole("heading", { name: "Issue a temporary access code for Carol Example?" })).toBeVisible();
  await expect(dialog).toContainText(/can use it once, instead of a second factor, until [^.]*\d{4}, \d{1,2}:\d{2}/); // with its day: an hour from now may be tomorrow
  await expect(dialog).toContainText("Carol Example is emailed a notice that you issued one (never the code itself).");
  await dialog.getByRole("button", { name: "Issue code" }).click();
  const codeField = page.getByRole("textbox", { name: "Temporary access code for Carol Example" });
  await expect(codeField).toHaveValue(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
  const code = await codeField.inputValue();
  await expect(page.getByTestId("temporary-code-live")).toContainText("A temporary access code is live (issued by Ada Admin)");
  await expect(section.getByRole("button", { name: "End it now: the temporary access code of Carol Example" })).toBeVisible();
  const { rows: stored } = await sql().query(`SELECT "codeHash", "usedAt" FROM "TemporaryAccessCode" WHERE "userId" = $1`, [carol.id]);
  expect(stored).toHaveLength(1);
  expect(stored[0].codeHash).not.toContain(code.replace(/-/g, ""));
  const notice = await waitForMail(carol.email, /^Your administrator issued a temporary access code for your account$/);
  expect(notice.text).toContain("Ada Admin issued a temporary access code for your account");
  expect(notice.text).not.toContain(code);

  // Carol, on a new laptop: password, then the code — the only second step she has — then straight to setting up an app.
  const fresh = await browser.newContext({ userAgent: UA.windows });
  const carolPage = await fresh.newPage();
  await signInWithForm(carolPage, carol);
  await expect(carolPage.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await expect(carolPage.getByText("Enter the temporary access code your administrator gave you.")).toBeVisible();
  await expect(carolPage.getByText(/^Can't use any of these/)).toHaveCount(0); // the code is already what it asks
  await expect(carolPage.getByLabel("Remember this device for 30 days")).toHaveCount(0);
  await carolPage.getByLabel("Temporary access code").fill(code.toLowerCase());
  await carolPage.getByRole("button", { name: "Verify" }).click();
  await expect(carolPage).toHaveURL(/\/security\?setup=temporary-code$/);
  await expect(carolPage.getByRole("status").filter({ hasText: "Set up a second factor" })).toContainText(
    "You signed in with a temporary access code from your administrator.",
  );
  // A full page load: its form is the page's once hydrated (before, the browser would post it itself).
  await expectHydrated(carolPage.getByRole("button", { name: "Continue" }));
  await carolPage.getByLabel("Name").fill("New phone");
  await carolPage.getByRole("button", { name: "Continue" }).click();
  const secret = (await carolPage.getByTestId("totp-secret").textContent())!.trim();
  await carolPage.getByLabel("Code from the app").fill(await generate({ secret }));
  await carolPage.getByRole("button", { name: "Confirm and save" }).click();
  await expect(carolPage.getByRole("status").filter({ hasText: "added" })).toContainText("Authenticator app “New phone” added.");
  await expect(carolPage.getByRole("status").filter({ hasText: "Your new second factor is set up" })).toBeVisible();
  const { rows: sessions } = await sql().query(
    `SELECT method FROM "Session" WHERE "userId" = $1 AND "revokedAt" IS NULL AND method IS NOT NULL`,
    [carol.id],
  );
  expect(sessions.map((s: { method: string }) => s.method)).toContain("TEMPORARY_ACCESS_CODE");

  // The code no longer works: signing in again asks for the new app's code and offers no temporary code.
  const again = await (await browser.newContext()).newPage();
  await signInWithForm(again, carol);
  await expect(again.getByLabel("Authentication code")).toBeVisible();
  await expect(again.getByRole("button", { name: "Use a temporary access code from your administrator" })).toHaveCount(0);
  const { rows: used } = await sql().query(`SELECT "usedAt" FROM "TemporaryAccessCode" WHERE "userId" = $1`, [carol.id]);
  expect(used[0].usedAt).not.toBeNull();
  const { rows: history } = await sql().query(`SELECT type FROM "AuditEvent" WHERE "userId" = $1 ORDER BY "createdAt"`, [carol.id]);
  expect(history.map((h: { type: string }) => h.type)).toEqual(
    expect.arrayContaining(["DEVICE_LOST", "ADMIN_ISSUED_TEMPORARY_ACCESS_CODE", "TEMPORARY_ACCESS_CODE_USED", "TOTP_ADDED"]),
  );
});

test("a temporary access code is refused for the admin's own account and for a disabled user, and ends on 'End it now'", async ({
  browser,
}) => {
  const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  const carol = await createUser({ name: "Carol Example" });
  const ctx = await browser.newContext();
  await signInOverHttp(ctx, admin);
  const page = await ctx.newPage();

  await page.goto(`/admin/users/${admin.id}`);
  const section = page.getByRole("region", { name: "Temporary access code" });
  await expect(section).toContainText("You cannot issue a temporary access code for your own account: ask another administrator.");
  await expect(section.getByRole("button", { name: "Issue a temporary access code" })).toHaveCount(0);

  await page.goto(`/admin/users/${carol.id}`);
  await section.getByRole("button", { name: "Issue a temporary access code" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Issue code" }).click();
  await expect(page.getByRole("textbox", { name: "Temporary access code for Carol Example" })).toBeVisible();
  await page.getByRole("button", { name: "Done, I have saved it" }).click();
  await section.getByRole("button", { name: "End it now: the temporary access code of Carol Example" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("It stops working at once, and Carol Example is emailed that you ended it.");
  await page.getByRole("alertdialog").getByRole("button", { name: "End it now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Temporary access code ended" })).toBeVisible();
  await expect(page.getByTestId("temporary-code-live")).toHaveCount(0);
  const { rows } = await sql().query(`SELECT count(*)::int AS n FROM "TemporaryAccessCode" WHERE "userId" = $1 AND "expiresAt" > now()`, [
    carol.id,
  ]);
  expect(rows[0].n).toBe(0);
  const ended = await waitForMail(carol.email, /^Your administrator ended the temporary access code for your account$/);
  expect(ended.text).toContain("Ada Admin ended the temporary access code for your account before it was used: it no longer works.");

  await sql().query(`UPDATE "User" SET "disabledAt" = now() WHERE id = $1`, [carol.id]);
  await page.goto(`/admin/users/${carol.id}`);
  await expect(section).toContainText("Carol Example's account is disabled: enable it before issuing a temporary access code.");
  await expect(section.getByRole("button", { name: "Issue a temporary access code" })).toHaveCount(0);
});

test("after a temporary access code, a user who still has a second factor is told what sign-in asks next time, not sent to replace it", async ({
  browser,
}) => {
  const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  const carol = await createUser({ name: "Carol Example" });
  await createAuthenticator(carol.id, "WEBAUTHN", "YubiKey"); // left at home: she signs in on a borrowed laptop with a code
  const adminCtx = await browser.newContext();
  await signInOverHttp(adminCtx, admin);
  const page = await adminCtx.newPage();
  await page.goto(`/admin/users/${carol.id}`);
  await page.getByRole("region", { name: "Temporary access code" }).getByRole("button", { name: "Issue a temporary access code" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Issue code" }).click();
  const code = await page.getByRole("textbox", { name: "Temporary access code for Carol Example" }).inputValue();

  const carolPage = await (await browser.newContext({ userAgent: UA.windows })).newPage();
  await signInWithForm(carolPage, carol);
  // The code comes first while it is live; the passkey is one click away, and nothing says she must start over.
  await expect(
    carolPage.getByText("Enter the temporary access code your administrator gave you. It works once.", { exact: true }),
  ).toBeVisible();
  await expect(carolPage.getByRole("button", { name: "Use a passkey instead" })).toBeVisible();
  await carolPage.getByLabel("Temporary access code").fill(code);
  await carolPage.getByRole("button", { name: "Verify" }).click();
  await expect(carolPage).toHaveURL(/\/security\?setup=temporary-code$/);
  const notice = carolPage.getByRole("status").filter({ hasText: "Signed in with a temporary access code" });
  await expect(notice).toContainText(
    "It worked this once and no longer does. Next time, your sign-in asks for a passkey or security key. If you can no longer use it, set up another second factor below, and remove what you lost.",
  );
  await expect(carolPage.getByRole("status").filter({ hasText: "Set up a second factor" })).toHaveCount(0);
  // The page does not open the authenticator app's form as if she had nothing left.
  await expect(carolPage.getByLabel("Name")).toHaveCount(0);
});
