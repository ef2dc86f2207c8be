// Changing the password at /security: the form marks what is wrong, and by default signs out every
// other browser (their very next request) while this one stays signed in.
import { expect, test } from "@playwright/test";
import { createUser } from "./support/db";
import { signInOverHttp, UA } from "./support/auth";

test("change the password; other devices are signed out, this one stays", async ({ browser }) => {
  const user = await createUser();
  const here = await browser.newContext({ userAgent: UA.mac });
  const elsewhere = await browser.newContext({ userAgent: UA.linux });
  await signInOverHttp(here, user);
  await signInOverHttp(elsewhere, user);
  const page = await here.newPage();
  await page.goto("/security");
  const form = page.getByRole("region", { name: "Password" });

  await form.getByLabel("Current password").fill("not my password");
  await form.getByLabel("New password", { exact: true }).fill("granite otter lantern 1987 velvet");
  await form.getByLabel("New password again").fill("granite otter lantern 1987 velvet");
  await expect(form.getByRole("checkbox", { name: /Also sign out your other devices/ })).toBeChecked();
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toHaveText("Your current password is not right.");
  await expect(form.getByLabel("Current password")).toBeFocused();
  await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Current password").fill(user.password);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Password changed. 1 other session signed out.");

  expect((await elsewhere.request.get("/api/me")).status()).toBe(401);
  expect((await here.request.get("/api/me")).status()).toBe(200);
  // The new password signs in; the old one no longer does.
  const again = await browser.newContext();
  const { csrfToken } = await (await again.request.get("/api/auth/csrf")).json();
  const old = await again.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, json: "true" },
  });
  expect(old.status()).toBe(401);
  await signInOverHttp(again, { email: user.email, password: "granite otter lantern 1987 velvet" });
  await Promise.all([here.close(), elsewhere.close(), again.close()]);
});
