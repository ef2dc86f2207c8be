import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createUser } from "./support/db";
import { signInOverHttp } from "./support/auth";

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
});
