import { expect, test } from "@playwright/test";
import { createUser } from "./support/db";
import { signInOverHttp } from "./support/auth";

test.describe("/admin", () => {
  test("answers 404 to a signed-in non-admin, and shows no Admin link", async ({ page }) => {
    const user = await createUser();
    await signInOverHttp(page.context(), user);
    await page.goto("/devices");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
    const res = await page.goto("/admin");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Administration")).toHaveCount(0);
  });

  test("is the admins' landing page", async ({ page }) => {
    const admin = await createUser({ role: "ADMIN", name: "Ada Tester" });
    await signInOverHttp(page.context(), admin);
    await page.goto("/devices");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
  });

  test("each of its sections leads back to it", async ({ page }) => {
    const admin = await createUser({ role: "ADMIN" });
    await signInOverHttp(page.context(), admin);
    for (const [path, heading] of [
      ["/admin/users", "Users"],
      ["/admin/apps", "Apps"],
      ["/admin/webhooks", "Webhooks"],
      ["/admin/api-keys", "Server API keys"],
      ["/admin/activity", "Audit log"],
    ]) {
      await page.goto(path!);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading!);
      await page.getByRole("link", { name: "← Administration" }).click();
      await expect(page).toHaveURL(/\/admin$/);
    }
  });

  test("unknown API routes answer JSON 404", async ({ request }) => {
    const res = await request.get("/api/v1/does-not-exist");
    expect(res.status()).toBe(404);
    expect(await res.json()).toMatchObject({ error: "not_found" });
  });
});
