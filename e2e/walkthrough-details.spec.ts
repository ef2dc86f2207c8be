// The smaller findings of issue 24's walk-through: the sign-in form (an error that does not move
// it, the show-password toggle, the address filled in after a reset), an unusual sign-in whose
// device was removed, /security's empty sections and sizes, and the user a reset left with no
// second factor, led to set one up (or told why sign-in asks for none).
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createUser, sessionsOf, sql } from "./support/db";
import { bearer, createToken } from "./support/api";
import { expectSignInFormHydrated, signInOverHttp, signInWithForm, UA } from "./support/auth";

const BERLIN = "81.169.145.1";
const LONDON = "81.2.69.142";

const clientAt = (browser: Browser, ip: string, userAgent = UA.mac) =>
  browser.newContext({ userAgent, extraHTTPHeaders: { "X-Forwarded-For": ip } });

const top = async (page: Page, label: string) => (await page.getByLabel(label, { exact: true }).boundingBox())!.y;

test.describe("the sign-in form", () => {
  test("a wrong password's error does not move the fields", async ({ page }) => {
    const user = await createUser();
    await page.goto("/sign-in");
    await expectSignInFormHydrated(page);
    const before = { email: await top(page, "Email"), password: await top(page, "Password") };
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Incorrect email or password.");
    expect({ email: await top(page, "Email"), password: await top(page, "Password") }).toEqual(before);
  });

  test("Show password: a toggle that keeps focus, and the password is hidden again on submit", async ({ page }) => {
    const user = await createUser();
    await page.goto("/sign-in");
    const password = page.getByLabel("Password", { exact: true });
    const toggle = page.getByRole("button", { name: "Show password" });
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await page.getByLabel("Email").fill(user.email);
    await password.fill("not the password");
    await expect(password).toHaveAttribute("type", "password");
    // Keyboard: Tab from the field reaches the toggle; Space shows the password, and again hides it.
    await password.press("Tab");
    await expect(toggle).toBeFocused();
    await page.keyboard.press("Space");
    await expect(password).toHaveAttribute("type", "text");
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(toggle).toBeFocused();
    await toggle.click();
    await expect(password).toHaveAttribute("type", "password");
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await expect(toggle).toBeFocused();
    // Shown, then submitted: hidden again, whatever the answer.
    await toggle.click();
    await expect(password).toHaveAttribute("type", "text");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(password).toHaveAttribute("type", "password");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Incorrect email or password.");
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await expect(password).toHaveValue("not the password");
  });

  test("?email= fills in the address (a valid one only) and puts the cursor in the password", async ({ page }) => {
    const user = await createUser();
    await page.goto(`/sign-in?${new URLSearchParams({ email: user.email })}`);
    await expectSignInFormHydrated(page);
    await expect(page.getByLabel("Email")).toHaveValue(user.email);
    await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/devices$/);

    const context = await page.context().browser()!.newContext();
    const other = await context.newPage();
    for (const bad of [`"><img src=x onerror=alert(1)>@x.test`, "not an address", `${"a".repeat(250)}@example.com`]) {
      await other.goto(`/sign-in?${new URLSearchParams({ email: bad })}`);
      await expect(other.getByLabel("Email")).toHaveValue("");
      await expect(other.getByLabel("Email")).toBeFocused();
      await expect(other.locator("img")).toHaveCount(0);
    }
    await context.close();
  });
});

test("an unusual sign-in whose device was removed offers what still helps: sign out all other devices, change the password", async ({
  browser,
}) => {
  const user = await createUser();
  const owner = await clientAt(browser, LONDON);
  await signInOverHttp(owner, user);
  const intruder = await clientAt(browser, BERLIN, UA.linux);
  await signInOverHttp(intruder, user);
  const phone = await clientAt(browser, LONDON, UA.windows);
  await signInOverHttp(phone, user);
  const page = await owner.newPage();

  // While the device is there, the row leads to its page.
  await page.goto("/activity");
  const row = page.getByRole("listitem").filter({ hasText: "Unusual: first sign-in from this country" });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name: /^Wasn't you\?/ })).toBeVisible();
  await expect(row.getByTestId("unusual-sign-in-help")).toHaveCount(0);

  // Removed (here through the REST API): the row keeps its warning and offers what still helps.
  const { rows } = await sql().query(`SELECT id FROM "Device" WHERE "userId" = $1 AND name LIKE 'Firefox%'`, [user.id]);
  expect(rows).toHaveLength(1);
  const { token } = await createToken("PERSONAL", user.id);
  expect((await owner.request.delete(`/api/v1/settings/devices/${rows[0].id}`, { headers: bearer(token) })).status()).toBe(200);
  await page.reload();
  await expect(row).toContainText(/Firefox .*on Linux was removed since\. If it wasn't you:/);
  await expect(row.getByRole("link", { name: /^Wasn't you\?/ })).toHaveCount(0);
  await expect(row.getByRole("link", { name: "Change your password" })).toHaveAttribute("href", "/security#password");

  await row.getByRole("button", { name: "Sign out all other devices" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("You stay signed in on this browser.");
  await dialog.getByRole("button", { name: "Sign out all other devices" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Signed out 1 other session." })).toBeVisible();
  expect((await phone.request.get("/api/me")).status(), "the phone's next request").toBe(401);
  expect((await owner.request.get("/api/me")).status(), "this browser").toBe(200);
  expect((await sessionsOf(user.id)).filter((s) => !s.revokedAt)).toHaveLength(1);

  await row.getByRole("link", { name: "Change your password" }).click();
  await expect(page).toHaveURL(/\/security#password$/);
  await Promise.all([owner.close(), intruder.close(), phone.close()]);
});

test("/security: each empty section says what to do; its cards and checkboxes are the same size", async ({ page }) => {
  const user = await createUser();
  await signInOverHttp(page.context(), user);
  await page.goto("/security");
  await expect(page.getByRole("region", { name: "Authenticator apps" })).toContainText(
    "None yet. Add an authenticator app so a stolen password is not enough.",
  );
  await expect(page.getByRole("region", { name: "Passkeys and security keys" })).toContainText(
    "None yet. Or add a passkey: this device's screen lock or a security key, so a stolen password is not enough.",
  );
  await expect(page.getByRole("region", { name: "Recovery codes" })).toContainText(
    "You have no recovery codes. Create them and keep them somewhere safe",
  );

  const widths = await Promise.all(
    [
      page.getByTestId("sign-in-steps"),
      page.getByRole("region", { name: "Password", exact: true }).locator("form"),
      page.getByRole("region", { name: "Email alerts" }).locator("form"),
    ].map(async (l) => Math.round((await l.boundingBox())!.width)),
  );
  expect(new Set(widths).size, `card widths ${widths}`).toBe(1);
  const boxes = await page
    .getByRole("checkbox")
    .evaluateAll((els) =>
      els.map((el) => `${Math.round(el.getBoundingClientRect().width)}x${Math.round(el.getBoundingClientRect().height)}`),
    );
  expect(boxes.length).toBeGreaterThan(2);
  expect(new Set(boxes), `checkbox sizes ${boxes}`).toEqual(new Set(["20x20"]));
});

test.describe("a reset that leaves no second factor", () => {
  /** The admin resets `button` on the user's page (a fresh password check: no step-up). */
  async function adminResets(browser: Browser, userId: string, button: string) {
    const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
    const context = await browser.newContext();
    await signInOverHttp(context, admin);
    const page = await context.newPage();
    await page.goto(`/admin/users/${userId}`);
    await page.getByRole("button", { name: button }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: button }).click();
    await expect(page.getByRole("alertdialog")).toBeHidden();
    await context.close();
  }

  test("leads the user to set one up at their next sign-in", async ({ browser, page }) => {
    const user = await createUser();
    await sql().query(
      `INSERT INTO "Authenticator" (id, "userId", kind, name, "secretEnc") VALUES (gen_random_uuid(), $1, 'TOTP', 'Phone', 'v1.unused')`,
      [user.id],
    );
    await adminResets(browser, user.id, "Reset authenticator apps");
    await signInWithForm(page, user);
    await expect(page).toHaveURL(/\/devices$/);
    const notice = page.getByRole("status").filter({ hasText: "Set up a second factor" });
    await expect(notice).toContainText("An administrator removed your second factors, so signing in asked for your password only.");
    await notice.getByRole("link", { name: "Set up an authenticator app or a passkey" }).click();
    await expect(page).toHaveURL(/\/security$/);
    await expect(page.getByRole("status").filter({ hasText: "Set up a second factor" })).toBeVisible();
  });

  test("tells the user why sign-in asks for none when the administrator lets them skip it", async ({ browser, page }) => {
    const user = await createUser();
    await sql().query(`UPDATE "User" SET "mfaSkip" = 'SKIPPABLE' WHERE id = $1`, [user.id]);
    await sql().query(
      `INSERT INTO "Authenticator" (id, "userId", kind, name, "pushTokenEnc", "platformDeviceId") VALUES (gen_random_uuid(), $1, 'PUSH', 'Phone app', 'x', 'p')`,
      [user.id],
    );
    await adminResets(browser, user.id, "Reset push sign-in approvals");
    await signInWithForm(page, user);
    await expect(page).toHaveURL(/\/devices$/);
    await expect(page.getByRole("status").filter({ hasText: "Set up a second factor" })).toContainText(
      "your administrator lets you sign in without one, so signing in asks for your password only",
    );
  });
});
