import crypto from "node:crypto";
import { SignJWT } from "jose";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createUser, sql, type TestUser } from "./support/db";
import { createAuthenticator } from "./support/api";
import { signInOverHttp, signInWithForm } from "./support/auth";

type Phone = { mechanismUid: string; sharedSecret: string };

/** Registers a phone for push the way the authenticator app does (POST /api/v1/mfa/push, signed in). */
async function registerPhone(browser: Browser, user: TestUser, deviceName: string): Promise<Phone> {
  const ctx = await browser.newContext();
  await signInOverHttp(ctx, user);
  const res = await ctx.request.post("/api/v1/mfa/push", {
    data: { deviceName, platformDeviceId: `platform-${user.id}`, pushToken: "push-token" },
  });
  expect(res.status()).toBe(201);
  const phone = (await res.json()) as Phone;
  await ctx.close();
  return phone;
}

/** The phone: reads the push it was sent (here, from the database) and answers it. */
async function answerPush(page: Page, user: TestUser, phone: Phone, deny = false) {
  let push: { messageId: string; challenge: string } | undefined;
  await expect(async () => {
    const { rows } = await sql().query<{ messageId: string; challenge: string }>(
      `SELECT "pushMessageId"::text AS "messageId", "pushChallenge" AS challenge FROM "MfaChallenge"
       WHERE "userId" = $1 AND "pushMessageId" IS NOT NULL AND "pushAnswer" IS NULL ORDER BY "pushSentAt" DESC LIMIT 1`,
      [user.id],
    );
    push = rows[0];
    expect(push).toBeTruthy();
  }).toPass({ timeout: 10_000 });
  const response = crypto.createHmac("sha256", phone.sharedSecret).update(push!.challenge).digest("base64url");
  const jwt = await new SignJWT({ response, ...(deny && { deny: true }) })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime("1m")
    .sign(new TextEncoder().encode(phone.sharedSecret));
  const res = await page.request.post("/api/v1/push/sns/message?_action=authenticate", {
    data: { messageId: push!.messageId, mechanismUid: phone.mechanismUid, jwt },
  });
  expect(res.status()).toBe(200);
}

test("push as the only second factor: the request goes out at once, approving it on the phone signs the browser in", async ({
  browser,
  page,
}) => {
  const user = await createUser({ name: "Paula Push" });
  const phone = await registerPhone(browser, user, "Paula's Pixel");
  await signInWithForm(page, user);
  await expect(page.getByText(`Signing in as ${user.email}.`)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /\S/ })).toContainText("We sent a sign-in request to Paula's Pixel");
  await expect(page.getByLabel("Authentication code")).toHaveCount(0);
  await page.getByLabel("Remember this device for 30 days").check();
  await answerPush(page, user, phone);
  await expect(page).toHaveURL(/\/devices$/, { timeout: 15_000 });
  await expect(page.locator("li[data-device-id]").filter({ hasText: "This device" })).toContainText(/Remembered until/);
});

test("a denial on the phone is said plainly, and another request can be sent", async ({ browser, page }) => {
  const user = await createUser();
  const phone = await registerPhone(browser, user, "Pixel");
  await signInWithForm(page, user);
  await expect(page.getByRole("status").filter({ hasText: /\S/ })).toContainText("We sent a sign-in request to Pixel");
  await answerPush(page, user, phone, true);
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText("The sign-in was denied on your phone", {
    timeout: 15_000,
  });
  await expect(page).toHaveURL(/\/sign-in/);
  // Sending again is limited to one request every 10 seconds.
  await sql().query(`UPDATE "MfaChallenge" SET "pushSentAt" = now() - interval '1 minute' WHERE "userId" = $1`, [user.id]);
  await page.getByRole("button", { name: "Send another request" }).click();
  await expect(page.getByRole("status").filter({ hasText: /\S/ })).toContainText("We sent a sign-in request to Pixel");
  await answerPush(page, user, phone);
  await expect(page).toHaveURL(/\/devices$/, { timeout: 15_000 });
  await page.goto("/activity");
  await expect(page.getByText("A sign-in request was denied on a phone")).toBeVisible();
});

test("with an authenticator app too, the code comes first and push is offered beside it", async ({ browser, page }) => {
  const user = await createUser();
  const phone = await registerPhone(browser, user, "Work phone");
  await createAuthenticator(user.id, "TOTP");
  await signInWithForm(page, user);
  await expect(page.getByLabel("Authentication code")).toBeFocused();
  await page.getByRole("button", { name: "Approve on your phone instead" }).click();
  await expect(page.getByRole("status").filter({ hasText: /\S/ })).toContainText("We sent a sign-in request to Work phone");
  await answerPush(page, user, phone);
  await expect(page).toHaveURL(/\/devices$/, { timeout: 15_000 });
});
