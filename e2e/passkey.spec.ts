import { expect, test } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { signInOverHttp, signInWithForm } from "./support/auth";

test("passkey: register on /security, then use it as the second factor at sign-in", async ({ browser }) => {
  // WebAuthn does not accept an IP address as the relying party: use the localhost name.
  const ctx = await browser.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT}` });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  const user = await createUser();
  await signInOverHttp(ctx, user);
  await page.goto("/security");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await page.getByLabel("Passkey name").fill("Laptop key");
  await page.getByRole("button", { name: "Create passkey" }).click();
  await expect(page.getByRole("status")).toContainText("Passkey “Laptop key” added.");
  await expect(page.locator("li[data-authenticator-id]").filter({ hasText: "Laptop key" })).toBeVisible();
  const { rows } = await sql().query(
    `SELECT "credentialId", "publicKey", "signCount" FROM "Authenticator" WHERE "userId" = $1 AND kind = 'WEBAUTHN'`,
    [user.id],
  );
  expect(rows).toHaveLength(1);
  // The page never carries the credential's public key.
  expect(await page.content()).not.toContain(Buffer.from(rows[0].publicKey).toString("base64url"));

  await ctx.clearCookies({ name: "dk.session" });
  await signInWithForm(page, user);
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  // A passkey is all this account has: the step asks for it, never for recovery codes it does not have.
  await expect(page.getByText("Use your passkey or security key.")).toBeVisible();
  await expect(page.getByLabel("Recovery code")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /recovery code/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/devices$/);
  const used = await sql().query(`SELECT "signCount", "lastUsedAt" FROM "Authenticator" WHERE "userId" = $1 AND kind = 'WEBAUTHN'`, [
    user.id,
  ]);
  expect(used.rows[0].lastUsedAt).not.toBeNull();
  const device = await sql().query(`SELECT "lastVerificationMethod" FROM "Device" WHERE "userId" = $1`, [user.id]);
  expect(device.rows[0].lastVerificationMethod).toBe("PASSKEY");
  await ctx.close();
});
