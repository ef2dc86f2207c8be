// /docs/api: a contents list that stays in view, routes grouped by family, and each family's
// error answers described once rather than under every route.
import { expect, test } from "@playwright/test";

test("contents stay in view beside the routes; errors are described once per family", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/docs/api");
  const contents = page.getByRole("navigation", { name: "Contents", exact: true });
  await expect(contents).toBeVisible();
  const families = page.locator("article > section[id^='tag-']");
  const familyCount = await families.count();
  expect(familyCount).toBeGreaterThanOrEqual(4);
  // One "Errors in this family" per family; no route repeats the error table.
  await expect(page.getByRole("heading", { name: "Errors in this family" })).toHaveCount(familyCount);
  const routes = page
    .locator("article section[id] > h3 + p")
    .locator("..")
    .filter({ has: page.locator("h4") });
  expect(await routes.count()).toBeGreaterThan(familyCount);
  await expect(page.getByRole("link", { name: "as described for the family" }).first()).toBeVisible();

  // Far down the page, the contents list is still on screen, and takes you to a route.
  await page.getByRole("heading", { name: "Schemas", level: 2 }).scrollIntoViewIfNeeded();
  const box = (await contents.locator("h2").boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeLessThan(100);
  await contents.getByRole("link", { name: "List my devices" }).click();
  await expect(page).toHaveURL(/#listSettingsDevices$/);
  await expect(page.locator("#listSettingsDevices")).toBeInViewport();
});

test("on a phone the contents are a disclosure at the top, and nothing scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/docs/api");
  await expect(page.getByRole("navigation", { name: "Contents", exact: true })).toBeHidden();
  await page.locator("summary", { hasText: "Contents" }).click();
  await expect(page.getByRole("navigation", { name: "Contents (phone)" }).getByRole("link", { name: "List my devices" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
