import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import crypto from "node:crypto";
import { createUser, sql } from "./support/db";
import { createDevice } from "./support/api";
import { signInOverHttp, UA } from "./support/auth";

test.describe("accessibility (axe, WCAG 2.1 AA)", () => {
  const scan = (page: import("@playwright/test").Page) =>
    new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();

  test("sign-in page", async ({ page }) => {
    await page.goto("/sign-in");
    expect((await scan(page)).violations).toEqual([]);
  });

  test("devices page on a phone-sized screen", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    const user = await createUser();
    await signInOverHttp(page.context(), user);
    await page.goto("/devices");
    await expect(page.getByRole("heading", { name: "Your devices" })).toBeVisible();
    expect((await scan(page)).violations).toEqual([]);
    // Nothing scrolls sideways at 375 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  // The pages people reach without being signed in: the reset form and the links of security emails.
  test("password reset and email-link pages on a phone-sized screen", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    const user = await createUser();
    const { id: deviceId } = await createDevice(user.id, { name: "Firefox on Linux" });
    const link = async (purpose: "PASSWORD_RESET" | "DEVICE_REPORT") => {
      const token = crypto.randomBytes(32).toString("base64url");
      await sql().query(
        `INSERT INTO "EmailLink" (id, "tokenHash", purpose, "userId", "deviceId", "expiresAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, now() + interval '10 minutes')`,
        [crypto.createHash("sha256").update(token).digest("hex"), purpose, user.id, purpose === "DEVICE_REPORT" ? deviceId : null],
      );
      return token;
    };
    for (const path of [
      "/forgot-password",
      `/reset-password?t=${await link("PASSWORD_RESET")}`,
      "/reset-password?t=not-a-token",
      `/email/device?t=${await link("DEVICE_REPORT")}&answer=not-me`,
      "/email/device?t=not-a-token",
    ]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect((await scan(page)).violations, path).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
    }
  });

  for (const path of ["/security", "/activity", "/settings/tokens", "/docs/api"]) {
    test(`${path} on a phone-sized screen`, async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 740 });
      await signInOverHttp(page.context(), await createUser());
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect((await scan(page)).violations).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    });
  }

  test("an admin's user page and device page on a phone-sized screen", async ({ browser }) => {
    const bob = await createUser({ name: "Bob Example" });
    const laptop = await browser.newContext({ userAgent: UA.linux, extraHTTPHeaders: { "X-Forwarded-For": "2a01:238:20a:202:1000::1" } });
    await signInOverHttp(laptop, bob);
    const [{ id: deviceId }] = (await sql().query(`SELECT id FROM "Device" WHERE "userId" = $1`, [bob.id])).rows;
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    await signInOverHttp(context, await createUser({ role: "ADMIN" }));
    const page = await context.newPage();
    for (const path of [`/admin/users/${bob.id}`, `/admin/users/${bob.id}/devices/${deviceId}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.locator(`li[data-device-id="${deviceId}"]`)).toBeVisible();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0); // everything streamed in
      expect((await scan(page)).violations, path).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
    }
    // The admin's buttons on the device's page are 44 px targets.
    for (const button of await page.getByRole("main").getByRole("button").all()) {
      expect((await button.boundingBox())!.height, (await button.textContent()) ?? "").toBeGreaterThanOrEqual(44);
    }
    await Promise.all([laptop.close(), context.close()]);
  });
});
