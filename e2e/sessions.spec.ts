import { expect, test } from "@playwright/test";
import { createUser, devicesOf, sessionsOf, sql } from "./support/db";
import { expectSignInFormHydrated, signInOverHttp, UA } from "./support/auth";

test.describe("device-bound sessions", () => {
  test("a Session revoked in the database signs that browser out on its very next request", async ({ browser }) => {
    const user = await createUser();
    const a = await browser.newContext({ userAgent: UA.mac });
    const b = await browser.newContext({ userAgent: UA.linux });
    await signInOverHttp(a, user);
    await signInOverHttp(b, user);

    const devices = await devicesOf(user.id);
    expect(devices.map((d) => d.name)).toEqual(["Chrome on macOS", "Firefox on Linux"]);
    const pageA = await a.newPage();
    const pageB = await b.newPage();
    await pageA.goto("/devices");
    await pageB.goto("/devices");
    await expect(pageA.locator("li[data-device-id]")).toHaveCount(2);
    await expect(pageA.locator(`li[data-device-id="${devices[0]!.id}"]`).getByText("This device")).toBeVisible();
    await expect(pageB.locator(`li[data-device-id="${devices[1]!.id}"]`).getByText("This device")).toBeVisible();

    const sessionB = (await sessionsOf(user.id)).find((s) => s.deviceId === devices[1]!.id)!;
    await sql().query(`UPDATE "Session" SET "revokedAt" = now(), "revokedReason" = 'SESSION_REVOKED' WHERE id = $1`, [sessionB.id]);

    await pageB.goto("/devices");
    await expect(pageB).toHaveURL(/\/sign-in$/);
    expect((await b.request.get("/api/me")).status()).toBe(401);
    // The other browser is untouched.
    await pageA.reload();
    await expect(pageA).toHaveURL(/\/devices$/);
    await expect(pageA.getByRole("heading", { name: "Your devices" })).toBeVisible();
    await a.close();
    await b.close();
  });

  test("next-auth's own POST /api/auth/signout ends the Session row: a copy of the cookie stops working too", async ({
    browser,
    playwright,
  }) => {
    const user = await createUser();
    const ctx = await browser.newContext({ userAgent: UA.mac });
    await signInOverHttp(ctx, user);
    const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const { csrfToken } = await (await ctx.request.get("/api/auth/csrf")).json();
    expect((await ctx.request.post("/api/auth/signout", { form: { csrfToken, json: "true" } })).ok()).toBeTruthy();
    // Someone who copied the cookie before the sign-out, on another client:
    const copy = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { cookie } });
    expect((await copy.get("/api/me")).status()).toBe(401);
    const [session] = await sessionsOf(user.id);
    expect(session!.revokedReason).toBe("SIGNED_OUT");
    await copy.dispose();
    await ctx.close();
  });

  test("a disabled user is signed out everywhere and cannot sign back in", async ({ browser }) => {
    const user = await createUser();
    const ctx = await browser.newContext({ userAgent: UA.windows });
    await signInOverHttp(ctx, user);
    const page = await ctx.newPage();
    await page.goto("/devices");
    await expect(page.getByRole("heading", { name: "Your devices" })).toBeVisible();

    await sql().query(`UPDATE "User" SET "disabledAt" = now() WHERE id = $1`, [user.id]);
    await page.goto("/devices");
    await expect(page).toHaveURL(/\/sign-in$/);
    await expectSignInFormHydrated(page);

    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Incorrect email or password.");
    await ctx.close();
  });

  test("a deleted device's sessions stop working", async ({ browser }) => {
    const user = await createUser();
    const ctx = await browser.newContext();
    await signInOverHttp(ctx, user);
    const [device] = await devicesOf(user.id);
    await sql().query(`UPDATE "Device" SET "deletedAt" = now() WHERE id = $1`, [device!.id]);
    const page = await ctx.newPage();
    await page.goto("/devices");
    await expect(page).toHaveURL(/\/sign-in$/);
    await ctx.close();
  });
});
