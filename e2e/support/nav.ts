import { expect, type Page } from "@playwright/test";

/**
 * Opens the main navigation's Menu (a phone's header folds the sections behind it). Right after a
 * full page load the button may not be hydrated yet (a click then does nothing), so open it until
 * it reports itself open.
 */
export async function openMainMenu(page: Page) {
  const menu = page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Menu" });
  await expect(async () => {
    if ((await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}
