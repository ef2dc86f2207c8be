import { expect, test } from "@playwright/test";
import { createUser, devicesOf, sessionsOf } from "./support/db";
import { expectSignInFormHydrated, signInOverHttp, signInWithForm, signOutViaMenu } from "./support/auth";

test.describe("sign-in", () => {
  test("a page opened while signed out leads to sign-in and, once signed in, back to that page (its query too)", async ({ page }) => {
    const admin = await createUser({ role: "ADMIN" });
    await page.goto("/admin/apps");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Fapps$/);
    await expectSignInFormHydrated(page);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin\/apps$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Apps");

    // Signed out again (the session ended), a page with a query comes back with it.
    await signOutViaMenu(page);
    await page.goto("/admin/users?q=erin");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Fusers%3Fq%3Derin$/);
  });

  test("signs in with the form, shows this browser as This device, and signs out from the user menu", async ({ page }) => {
    const user = await createUser({ name: "Sam Signin" });
    await signInWithForm(page, user);
    await expect(page).toHaveURL(/\/devices$/);
    await expect(page.getByRole("heading", { name: "Your devices" })).toBeVisible();

    const [device] = await devicesOf(user.id);
    expect(device).toBeDefined();
    const item = page.locator(`li[data-device-id="${device!.id}"]`);
    await expect(item.getByText("This device")).toBeVisible();
    await expect(item.getByRole("heading", { name: device!.name })).toBeVisible();
    await expect(page.locator("li[data-device-id]")).toHaveCount(1);

    await signOutViaMenu(page);
    const [session] = await sessionsOf(user.id);
    expect(session!.revokedReason).toBe("SIGNED_OUT");
    await page.goto("/devices");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("signing in again from the same browser reuses its Device", async ({ page }) => {
    const user = await createUser();
    await signInWithForm(page, user);
    await expect(page).toHaveURL(/\/devices$/);
    await page.context().clearCookies({ name: "dk.session" });
    await signInWithForm(page, user);
    await expect(page).toHaveURL(/\/devices$/);
    expect(await devicesOf(user.id)).toHaveLength(1);
    expect(await sessionsOf(user.id)).toHaveLength(2);
  });

  test("wrong password and unknown email give the same message, and nothing is created", async ({ page }) => {
    const user = await createUser();
    await signInWithForm(page, { email: user.email, password: "not the password" });
    const alert = page.getByRole("main").getByRole("alert");
    await expect(alert).toBeVisible();
    const wrongPassword = await alert.textContent();

    await signInWithForm(page, { email: `nobody-${Date.now()}@test.example`, password: "whatever" });
    await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
    expect(await page.getByRole("main").getByRole("alert").textContent()).toBe(wrongPassword);
    expect(wrongPassword).toBe("Incorrect email or password.");
    await expect(page).toHaveURL(/\/sign-in$/);
    expect(await sessionsOf(user.id)).toHaveLength(0);
    expect(await devicesOf(user.id)).toHaveLength(0);
  });

  test("empty fields are named before any request is made", async ({ page }) => {
    await page.goto("/sign-in");
    await expectSignInFormHydrated(page);
    let posted = 0;
    page.on("request", (r) => void (r.method() === "POST" && posted++));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Enter your email address.");
    await expect(page.getByLabel("Email")).toBeFocused();
    await page.getByLabel("Email").fill("someone@test.example");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Enter your password.");
    await expect(page.getByLabel("Password")).toBeFocused();
    expect(posted).toBe(0);
  });

  test("signed-out visitors are sent to the sign-in page", async ({ page }) => {
    for (const path of ["/", "/devices", "/login", "/signin"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in$/);
    }
    // Any other page is where signing in leads back to.
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin$/);
    // The addresses typed from habit keep where the visitor was going.
    await page.goto("/login?next=/security");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsecurity$|\/sign-in\?next=\/security$/);
    const api = await page.request.get("/api/me");
    expect(api.status()).toBe(401);
    expect(await api.json()).toEqual({ error: "unauthorized", message: expect.any(String) });
  });

  test("a submit before the page has hydrated never puts the password in the URL, and the form comes back saying why", async ({
    browser,
  }) => {
    // No script at all: the browser posts the form itself, as it would before the script had run.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/sign-in?next=%2Fsecurity");
    // A browser with scripting off shows the <noscript> (a page whose scripts are merely blocked, as here, does not).
    expect(await (await page.request.get("/sign-in")).text()).toMatch(/<noscript><p [^>]*>Signing in needs JavaScript\./);
    await page.getByLabel("Email").fill("nobody@test.example");
    await page.getByLabel("Password").fill("secret-password-123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("status")).toHaveText("The page was still loading when you pressed Sign in. Enter your password again.");
    expect(page.url()).not.toContain("secret-password-123");
    expect(page.url()).not.toContain("password=");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/security");
    await expect(page.getByLabel("Email")).toHaveValue("nobody@test.example");
    await expect(page.getByLabel("Password")).toHaveValue("");
    await context.close();
  });

  test("any other form submitted before its page hydrated comes back to the same page, nothing typed in the URL", async ({ browser }) => {
    const user = await createUser();
    const context = await browser.newContext();
    await signInOverHttp(context, user);
    const page = await context.newPage();
    // The page's scripts never arrive (as on a slow network, before they have): nothing hydrates,
    // while the page's own inline lines still put streamed parts in place.
    await page.route("**/_next/static/**/*.js", (route) => route.abort());
    await page.goto("/security?add=authenticator-app");
    await page.getByLabel("Name").fill("My phone");
    const answer = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Continue" }).click();
    expect((await answer).status()).toBe(303);
    await page.waitForLoadState("load");
    expect(page.url()).toMatch(/\/security\?add=authenticator-app$/);
    await expect(page.getByRole("heading", { name: "Page not found" })).toHaveCount(0);
    // Once its script runs (here: let through, and the page loaded again), the page says why, once.
    await page.unroute("**/_next/static/**/*.js");
    await page.reload();
    await expect(
      page.getByRole("alert").getByText("The page was still loading when you pressed the button, so nothing was sent. Try again."),
    ).toBeVisible();
    // …and forgets it: no second time.
    expect((await context.cookies()).map((c) => c.name)).not.toContain("dk.early-post");
    await context.close();
  });
  test("the address typed before Forgot your password? is there on the way and back, never in a URL, and forgotten once signed in", async ({
    page,
  }) => {
    const user = await createUser();
    await page.goto("/sign-in");
    await expectSignInFormHydrated(page);
    await page.getByLabel("Email").fill(user.email);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await expect(page.getByLabel("Email")).toHaveValue(user.email);

    await page.getByRole("link", { name: "Back to sign in" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByLabel("Email")).toHaveValue(user.email);
    await expect(page.getByLabel("Password", { exact: true })).toBeFocused();

    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/devices$/);
    expect(await page.evaluate(() => Object.keys(sessionStorage))).not.toContain("dk.typed-email");
  });
});
