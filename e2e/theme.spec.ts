import { expect, test, type Page } from "@playwright/test";
import { createUser } from "./support/db";
import { signInOverHttp, signOutViaMenu } from "./support/auth";

/** The page background's brightness, 0 (black) to 255 (white), whatever colour syntax the CSS uses. */
const brightness = (page: Page) =>
  page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const rgb = ctx.getImageData(0, 0, 1, 1).data;
    return (rgb[0]! + rgb[1]! + rgb[2]!) / 3;
  });
const isDark = async (page: Page) => (await brightness(page)) < 64;

/** Opens the account menu (retrying until hydrated) and returns its theme group. */
async function themeGroup(page: Page) {
  const menu = page.getByRole("banner").locator("button[aria-expanded]").last(); // the account menu, after the phone's navigation Menu
  const group = page.getByRole("group", { name: "Theme" });
  await expect(async () => {
    if ((await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
    await expect(group).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  return group;
}

test("follows the system's light or dark setting when nothing was chosen", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/sign-in");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme");
  expect(await isDark(page)).toBe(true);
  await page.emulateMedia({ colorScheme: "light" });
  expect(await isDark(page)).toBe(false);
});

test("the account menu's choice applies at once, is remembered, and System follows the system again", async ({ page, context }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await signInOverHttp(context, await createUser());
  await page.goto("/devices");
  expect(await isDark(page)).toBe(false);

  // By keyboard: the choices are radio buttons, arrow keys move and choose.
  const group = await themeGroup(page);
  await expect(group.getByRole("radio", { name: "System" })).toBeChecked();
  await group.getByRole("radio", { name: "System" }).focus();
  await page.keyboard.press("ArrowRight"); // Light
  await page.keyboard.press("ArrowRight"); // Dark
  await expect(group.getByRole("radio", { name: "Dark" })).toBeChecked();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await isDark(page)).toBe(true);

  // Remembered: the server renders it (no flash of light), on reload, in a new tab and signed out.
  expect(await (await page.request.get("/devices")).text()).toContain('data-theme="dark"');
  await page.reload();
  expect(await isDark(page)).toBe(true);
  const other = await context.newPage();
  await other.goto("/activity");
  expect(await isDark(other)).toBe(true);
  await other.close();

  // Light wins over a dark system; System follows it again.
  await page.emulateMedia({ colorScheme: "dark" });
  await (await themeGroup(page)).getByText("Light", { exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await isDark(page)).toBe(false);
  await (await themeGroup(page)).getByText("System", { exact: true }).click();
  await expect(page.locator("html")).not.toHaveAttribute("data-theme");
  expect(await isDark(page)).toBe(true);
  await page.reload();
  await expect(page.locator("html")).not.toHaveAttribute("data-theme");
  expect(await isDark(page)).toBe(true);

  await (await themeGroup(page)).getByText("Dark", { exact: true }).click();
  await page.emulateMedia({ colorScheme: "light" });
  await page.keyboard.press("Escape");
  await signOutViaMenu(page);
  expect(await isDark(page)).toBe(true); // the sign-in page too
});
