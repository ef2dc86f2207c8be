import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { sql } from "./support/db";
import { signInOverHttp } from "./support/auth";
import { openMainMenu } from "./support/nav";
import { axeViolations } from "./support/axe";

// Issue 24, §3.8 — the dashboard on a phone (375 × 740), measured, in both themes and checked by axe
// as e2e/accessibility.spec.ts checks every page: the header is one row, a card's name and its
// Details share a line, the device page's sessions take the width, /activity's filters fold. And at
// 1280 px nothing of that folds.
const THEMES = ["light", "dark"] as const;
const PHONE = { width: 375, height: 740 };
const PADDING = 16; // the page's own padding (px-4) on either side
const ALICE = { email: "alice@example.com", password: "devicekeeper" }; // demo data, only read here

async function expectAccessible(page: Page, what: string, theme: (typeof THEMES)[number], width: number) {
  await expect(page.locator("html"), what).toHaveAttribute("data-theme", theme);
  expect(await axeViolations(page), `${what} (${theme}, ${width} px)`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} scrolls sideways`).toBeLessThanOrEqual(width);
}

async function setTheme(context: BrowserContext, baseURL: string, theme: string) {
  await context.addCookies([{ name: "dk-theme", value: theme, url: baseURL }]);
}

const box = async (locator: import("@playwright/test").Locator) => (await locator.boundingBox())!;

/** Each card's "Details" sits on its name's first line (centred on it, 24 px line), at the card's right. */
async function expectDetailsBesideNames(page: Page, width: number) {
  const cards = page.locator("li[data-device-id]");
  expect(await cards.count()).toBeGreaterThan(0);
  for (const card of await cards.all()) {
    const name = await box(card.getByRole("heading").first());
    const details = await box(card.getByRole("button", { name: /^(Details|Hide details)/ }));
    const what = (await card.getByRole("heading").first().textContent()) ?? "";
    expect(Math.abs(details.y + details.height / 2 - (name.y + 12)), `${what}: Details on the name's line`).toBeLessThanOrEqual(4);
    expect(details.x, `${what}: Details after the name`).toBeGreaterThan(name.x);
    expect(details.x + details.width, what).toBeLessThanOrEqual(width - PADDING);
    expect(details.height, what).toBeGreaterThanOrEqual(44);
  }
}

/** The device of Alice's with the most live sessions (the test's own sign-in among them). */
async function aliceBusiestDevice() {
  const { rows } = await sql().query<{ id: string }>(
    `SELECT d.id FROM "Device" d JOIN "User" u ON u.id = d."userId"
       JOIN "Session" s ON s."deviceId" = d.id AND s."revokedAt" IS NULL AND s."expiresAt" > now()
      WHERE u.email = $1 AND d."deletedAt" IS NULL GROUP BY d.id ORDER BY count(*) DESC LIMIT 1`,
    [ALICE.email],
  );
  return rows[0]!.id;
}

test.describe.configure({ timeout: 90_000 });

for (const theme of THEMES) {
  test.describe(`on a phone, ${theme} theme`, () => {
    test.beforeEach(async ({ page, context, baseURL }) => {
      await page.setViewportSize(PHONE);
      await setTheme(context, baseURL!, theme);
      await signInOverHttp(context, ALICE);
    });

    test("the header is one row; Menu opens the sections, Escape closes it and gives focus back", async ({ page }) => {
      await page.goto("/devices");
      const nav = page.getByRole("navigation", { name: "Main" });
      const menu = nav.getByRole("button", { name: "Menu" });
      expect((await box(nav)).height).toBeLessThanOrEqual(64);
      expect((await box(page.getByRole("banner"))).height).toBeLessThanOrEqual(64);
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(nav.getByRole("link")).toHaveCount(0);

      await openMainMenu(page);
      const links = nav.getByRole("link");
      await expect(links).toHaveText(["Devices", "Security", "Apps", "Activity", "API tokens"]);
      await expect(nav.getByRole("link", { name: "Devices" })).toHaveAttribute("aria-current", "page");
      for (const link of await links.all()) {
        const b = await box(link);
        expect(b.height).toBeGreaterThanOrEqual(44);
        expect(b.x + b.width).toBeLessThanOrEqual(PHONE.width);
      }
      await expectAccessible(page, "the navigation's menu open", theme, PHONE.width);
      await page.keyboard.press("Escape");
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(menu).toBeFocused();
      await expect(links).toHaveCount(0);

      // By keyboard: Enter opens it, Tab reaches the links, following one closes it.
      await page.keyboard.press("Enter");
      await expect(menu).toHaveAttribute("aria-expanded", "true");
      await page.keyboard.press("Tab");
      await expect(nav.getByRole("link", { name: "Devices" })).toBeFocused();
      await nav.getByRole("link", { name: "Activity" }).click();
      await expect(page).toHaveURL(/\/activity$/);
      await expect(page.getByRole("heading", { name: "Activity", level: 1 })).toBeVisible();
      await expect(menu).toHaveAttribute("aria-expanded", "false");
    });

    test("each card keeps its name and Details on one line; the device page's sessions take the width", async ({ page }) => {
      await page.goto("/devices");
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      await expectDetailsBesideNames(page, PHONE.width);
      await expectAccessible(page, "/devices", theme, PHONE.width);

      await page.goto(`/devices/${await aliceBusiestDevice()}`);
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      await expectDetailsBesideNames(page, PHONE.width);
      const sessions = page.getByRole("list", { name: "Sessions" });
      await expect(sessions).toBeVisible();
      expect((await box(sessions)).width).toBeGreaterThanOrEqual(0.9 * (PHONE.width - 2 * PADDING));
      for (const session of await sessions.locator("li").all()) {
        expect((await box(session)).width).toBeGreaterThanOrEqual(0.9 * (PHONE.width - 2 * PADDING));
      }
      await expectAccessible(page, "a device's page", theme, PHONE.width);
    });

    test("/activity's filters fold behind Filters, saying how many are on; the history starts on the first screen", async ({ page }) => {
      await page.goto("/activity?kind=sign-ins");
      const filters = page.locator("details.filters-disclosure");
      const summary = filters.locator("summary");
      await expect(summary).toHaveText("Filters · 1 active");
      await expect(page.getByLabel("Show")).toBeHidden();
      const first = page.getByRole("list", { name: "Security history" }).locator(":scope > li").first();
      await expect(first).toBeVisible();
      const row = await box(first);
      expect(row.y + row.height, "the first row of the history is on the first screen").toBeLessThanOrEqual(PHONE.height);
      await expectAccessible(page, "/activity, filters folded", theme, PHONE.width);

      await summary.click();
      await expect(page.getByLabel("Show")).toBeVisible();
      await expect(page.getByLabel("Show")).toHaveValue("sign-ins");
      await expectAccessible(page, "/activity, filters open", theme, PHONE.width);

      await page.goto("/activity");
      await expect(summary).toHaveText("Filters");
    });
  });
}

test("at 1280 px nothing folds: the sections in the header, Details beside the name, the filters open", async ({ page, context }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInOverHttp(context, ALICE);
  await page.goto("/devices");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("button", { name: "Menu" })).toBeHidden();
  await expect(nav.getByRole("link")).toHaveText(["Devices", "Security", "Apps", "Activity", "API tokens"]);
  expect((await box(page.getByRole("banner"))).height).toBeLessThanOrEqual(72);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expectDetailsBesideNames(page, 1280);

  await page.goto("/activity?kind=sign-ins");
  await expect(page.locator("details.filters-disclosure")).toHaveAttribute("open", "");
  await expect(page.locator("details.filters-disclosure > summary")).toBeHidden();
  await expect(page.getByLabel("Show")).toBeVisible();
  await expect(page.getByLabel("Device")).toBeVisible();
});
