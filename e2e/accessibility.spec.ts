import { expect, test, type Locator, type Page } from "@playwright/test";
import crypto from "node:crypto";
import { createUser, sql, userIdOf } from "./support/db";
import { createAuthenticator, createDevice } from "./support/api";
import { expectSignInFormHydrated, signInOverHttp, signInWithForm, UA } from "./support/auth";
import { axeViolations } from "./support/axe";

// Every page, in both themes, on a phone and on a laptop: WCAG 2.1 AA by axe, and nothing scrolls
// sideways. Each page is opened once and scanned four times — at 375 and 1280 px, light and dark — the
// theme switched in the page the way the account menu does it (<html data-theme> and the dk-theme
// cookie); e2e/theme.spec.ts covers the menu itself and following the system. Opening each page once
// rather than four times cut this spec from 5.3 to 3.6 min (alone, 2 workers, 2026-12-06).
const THEMES = ["light", "dark"] as const;
const WIDTHS = [375, 1280] as const;
const ALICE = { email: "alice@example.com", password: "devicekeeper" }; // demo data, only read here
// Colours change at once when the theme does: a button's 150 ms colour transition would otherwise be
// scanned half-way through. A constructed style sheet, which the pages' CSP (style-src 'self') allows.
const withoutTransitions = (page: Page) =>
  page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync("*, *::before, *::after { transition: none !important; }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });

/**
 * Scans the page as it stands at both widths in both themes. `stillShown` (an open menu or dialog)
 * must still be on screen at each, so a resize that closed it cannot pass unnoticed.
 */
async function expectAccessible(page: Page, what: string, stillShown?: Locator) {
  await withoutTransitions(page);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    for (const theme of THEMES) {
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
        document.cookie = `dk-theme=${t}; Path=/; SameSite=Lax`;
      }, theme);
      if (stillShown) await expect(stillShown, `${what} (${theme}, ${width} px) still shown`).toBeVisible();
      expect(await axeViolations(page), `${what} (${theme}, ${width} px)`).toEqual([]);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${what} scrolls sideways at ${width} px`,
      ).toBeLessThanOrEqual(width);
    }
  }
}

/** Opens each path and checks it once its first heading is on screen and nothing is still streaming in. */
async function checkPages(page: Page, paths: string[]) {
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first(), path).toBeVisible();
    await expect(page.locator('[aria-busy="true"]'), `${path} streamed in`).toHaveCount(0);
    await expectAccessible(page, path);
  }
}

async function emailLink(purpose: "PASSWORD_RESET" | "DEVICE_REPORT", userId: string, deviceId: string | null) {
  const token = crypto.randomBytes(32).toString("base64url");
  await sql().query(
    `INSERT INTO "EmailLink" (id, "tokenHash", purpose, "userId", "deviceId", "expiresAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, now() + interval '10 minutes')`,
    [crypto.createHash("sha256").update(token).digest("hex"), purpose, userId, deviceId],
  );
  return token;
}

test.describe("accessibility in both themes, at 375 and 1280 px", () => {
  // Each page is scanned four times, and the sign-in flows take a while on a busy 2-core machine.
  test.describe.configure({ timeout: 180_000 });

  test("pages reached without signing in", async ({ page }) => {
    const user = await createUser();
    const { id: deviceId } = await createDevice(user.id, { name: "Firefox on Linux" });
    await checkPages(page, [
      "/sign-in",
      "/forgot-password",
      `/reset-password?t=${await emailLink("PASSWORD_RESET", user.id, null)}`,
      "/reset-password?t=not-a-token",
      `/email/device?t=${await emailLink("DEVICE_REPORT", user.id, deviceId)}&answer=not-me`,
      "/email/device?t=not-a-token",
      "/no-such-page",
    ]);
  });

  test("the sign-in form's errors and its second step, by code and by push", async ({ page, browser }) => {
    await page.goto("/sign-in");
    await expectSignInFormHydrated(page);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your email address.")).toBeVisible();
    await expectAccessible(page, "sign-in with empty fields");
    const withCode = await createUser();
    await createAuthenticator(withCode.id, "TOTP");
    await signInWithForm(page, withCode);
    await page.getByLabel("Authentication code").fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toBeVisible();
    await expectAccessible(page, "sign-in code step with a wrong code");
    // Push as the second step: waiting for the phone.
    const withPhone = await createUser();
    const app = await browser.newContext();
    await signInOverHttp(app, withPhone);
    const phone = await app.request.post("/api/v1/mfa/push", {
      data: { deviceName: "Pixel", platformDeviceId: "axe", pushToken: "t" },
    });
    expect(phone.status()).toBe(201);
    await app.close();
    await page.getByRole("button", { name: "Start over" }).click();
    await signInWithForm(page, withPhone);
    await expect(page.getByRole("status").filter({ hasText: /\S/ })).toContainText("We sent a sign-in request to Pixel");
    await expectAccessible(page, "sign-in waiting for a push");
  });

  test("a person's pages", async ({ page, context }) => {
    await signInOverHttp(context, ALICE);
    const alice = await userIdOf(ALICE.email);
    const { rows } = await sql().query<{ id: string }>(
      `SELECT id FROM "Device" WHERE "userId" = $1 AND "deletedAt" IS NULL ORDER BY "createdAt" LIMIT 1`,
      [alice],
    );
    await checkPages(page, ["/devices", `/devices/${rows[0]!.id}`]);
    // The menu and the confirmation dialog, open.
    await page.goto("/devices");
    const card = page
      .locator("li[data-device-id]")
      .filter({ hasNot: page.getByText("This device") })
      .first();
    await card.getByRole("button", { name: /^More actions/ }).click();
    await expect(page.getByRole("menu")).toBeVisible();
    await expectAccessible(page, "devices with a menu open", page.getByRole("menu"));
    await page.getByRole("menuitem", { name: /^Remove from your devices/ }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await expectAccessible(page, "devices with a dialog open", page.getByRole("alertdialog"));
    await page.keyboard.press("Escape");
    // The account menu with the theme choice.
    await page.getByRole("banner").locator("button[aria-expanded]").last().click(); // after the phone's navigation Menu
    await expect(page.getByRole("group", { name: "Theme" })).toBeVisible();
    await expectAccessible(page, "account menu", page.getByRole("group", { name: "Theme" }));
  });

  test("a person's security, history and token pages", async ({ page, context }) => {
    await signInOverHttp(context, ALICE);
    await checkPages(page, ["/security", "/activity", "/activity?kind=sign-ins", "/settings/tokens"]);
  });

  test("an unusual sign-in whose device was removed, with what still helps; the sign-in form after a reset", async ({
    page,
    context,
    browser,
  }) => {
    const user = await createUser();
    const { id: deviceId } = await createDevice(user.id, { name: "Firefox on Linux" });
    await sql().query(
      `INSERT INTO "AuditEvent" (id, "actorId", "userId", "deviceId", type, ip, detail)
       VALUES (gen_random_uuid(), $1, $1, $2, 'SIGN_IN', '81.169.145.1', '{"unusualCountry": true, "country": "DE", "location": "near Berlin, Germany"}')`,
      [user.id, deviceId],
    );
    await sql().query(`UPDATE "Device" SET "deletedAt" = now() WHERE id = $1`, [deviceId]);
    await signInOverHttp(context, user);
    await checkPages(page, ["/activity"]);
    await expect(page.getByTestId("unusual-sign-in-help")).toBeVisible();
    await page.getByRole("button", { name: "Sign out all other devices" }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await expectAccessible(page, "activity with the sign-out dialog open", page.getByRole("alertdialog"));

    const signedOut = await browser.newContext();
    const form = await signedOut.newPage();
    await form.goto(`/sign-in?reset=1&email=${encodeURIComponent(user.email)}`);
    await expectSignInFormHydrated(form);
    await form.getByLabel("Password", { exact: true }).fill("not the password");
    await form.getByRole("button", { name: "Show password" }).click();
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(form.getByRole("main").getByRole("alert")).toHaveText("Incorrect email or password.");
    await expectAccessible(form, "sign-in after a reset, with a wrong password");
    await signedOut.close();
  });

  test("a person's apps, the app sign-in page, the API reference and a missing device", async ({ page, context }) => {
    await signInOverHttp(context, ALICE);
    await checkPages(page, ["/apps", "/authorize?interaction=expired", "/docs/api", "/devices/00000000-0000-4000-8000-000000000000"]);
  });

  test("the security checkup, with things to do and all good", async ({ page, context }) => {
    const user = await createUser();
    await signInOverHttp(context, user);
    const { id: deviceId } = await createDevice(user.id, { name: "Old tablet" });
    await sql().query(`UPDATE "Device" SET "lastSeenAt" = now() - interval '120 days' WHERE id = $1`, [deviceId]);
    await checkPages(page, ["/security/checkup"]);
    await page.getByRole("button", { name: "Sign out this device" }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await expectAccessible(page, "the checkup with its dialog open", page.getByRole("alertdialog"));
    await page.keyboard.press("Escape");
    await createAuthenticator(user.id, "TOTP");
    await sql().query(`INSERT INTO "RecoveryCode" (id, "userId", "codeHash") VALUES (gen_random_uuid(), $1, $2)`, [user.id, deviceId]);
    await sql().query(`UPDATE "Session" SET "revokedAt" = now(), "revokedReason" = 'SIGNED_OUT' WHERE "deviceId" = $1`, [deviceId]);
    await checkPages(page, ["/security/checkup"]);
    await expect(page.getByTestId("checkup-all-good")).toBeVisible();
  });

  test("an administrator's user pages", async ({ page, context }) => {
    const admin = await createUser({ role: "ADMIN", name: "Axe Admin" });
    await signInOverHttp(context, admin);
    const alice = await userIdOf(ALICE.email);
    const aliceDevice = (
      await sql().query<{ id: string }>(`SELECT id FROM "Device" WHERE "userId" = $1 ORDER BY "createdAt" LIMIT 1`, [alice])
    ).rows[0]!.id;
    await checkPages(page, [
      "/admin",
      "/admin/users",
      "/admin/users?q=example",
      `/admin/users/${alice}`,
      `/admin/users/${alice}/devices/${aliceDevice}`,
      `/admin/users/${await userIdOf("carol@example.com")}`,
    ]);
  });

  test("an administrator's keys, webhooks and apps pages", async ({ page, context }) => {
    const admin = await createUser({ role: "ADMIN", name: "Axe Keeper" });
    await signInOverHttp(context, admin);
    // A disabled endpoint (nothing is sent) with a delivered and a failed event, for its page.
    const endpoint = crypto.randomUUID();
    await sql().query(
      `INSERT INTO "WebhookEndpoint" (id, url, description, events, enabled, "secretEnc", "disabledReason", "updatedAt")
       VALUES ($1, 'https://hooks.example.com/devicekeeper', 'Axe check', '{*}', false, 'v1.unused', 'Disabled by an administrator', now())`,
      [endpoint],
    );
    await sql().query(
      `INSERT INTO "WebhookDelivery" (id, "endpointId", "eventId", "eventType", payload, status, attempts, "lastAttemptAt", "responseStatus", "lastError")
       VALUES (gen_random_uuid(), $1, 'evt_axe_1', 'session.revoked', '{}', 'SUCCEEDED', 1, now(), 200, NULL),
              (gen_random_uuid(), $1, 'evt_axe_2', 'device.deleted', '{}', 'FAILED', 5, now(), 500, 'HTTP 500')`,
      [endpoint],
    );
    await checkPages(page, ["/admin/api-keys", "/admin/webhooks", `/admin/webhooks/${endpoint}`, "/admin/apps"]);
  });

  test("an administrator's history pages", async ({ page, context }) => {
    const admin = await createUser({ role: "ADMIN", name: "Axe Historian" });
    await signInOverHttp(context, admin);
    await checkPages(page, ["/admin/activity", "/admin/activity?kind=sign-ins&subject=alice"]);
  });
});

test("an administrator's buttons on a user's device page are 44 px targets on a phone", async ({ browser }) => {
  const bob = await createUser({ name: "Bob Example" });
  const laptop = await browser.newContext({ userAgent: UA.linux, extraHTTPHeaders: { "X-Forwarded-For": "2a01:238:20a:202:1000::1" } });
  await signInOverHttp(laptop, bob);
  const deviceId = (await sql().query<{ id: string }>(`SELECT id FROM "Device" WHERE "userId" = $1`, [bob.id])).rows[0]!.id;
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  await signInOverHttp(context, await createUser({ role: "ADMIN" }));
  const page = await context.newPage();
  await page.goto(`/admin/users/${bob.id}/devices/${deviceId}`);
  await expect(page.locator(`li[data-device-id="${deviceId}"]`)).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  for (const button of await page.getByRole("main").getByRole("button").all()) {
    expect((await button.boundingBox())!.height, (await button.textContent()) ?? "").toBeGreaterThanOrEqual(44);
  }
  await Promise.all([laptop.close(), context.close()]);
});
