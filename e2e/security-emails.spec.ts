// "Was this you?" end to end, with a real SMTP server (scripts/e2e-server.ts) and real browsers:
// a new device's email names it and where it is; "This wasn't me" from anywhere signs it out on
// its next request; "This was me" marks it recognised; each link works once. Then the password
// reset, and the place shown for a client address from the location data (X-Forwarded-For).
import crypto from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { showSignedOut } from "./support/devices";
import { createUser, signInToApp, sql, userIdOf } from "./support/db";
import { bearer, createToken } from "./support/api";
import { expectSignInFormHydrated, signInOverHttp, signInWithForm, UA } from "./support/auth";
import { linkIn, mailsTo, waitForMail } from "./support/mail";

const BOB = { email: "bob@example.com", password: "devicekeeper" };
const BERLIN = "81.169.145.1";
const LONDON = "81.2.69.142";

/** The page's own status message (not the toast region, which is a status too, and empty). */
const statusOf = (page: Page) => page.getByRole("status").filter({ hasText: /\S/ });

/** A browser context acting as a client at `ip` (the server trusts the loopback proxy: TRUST_PROXY). */
const clientAt = (browser: Browser, ip: string, userAgent = UA.mac) =>
  browser.newContext({ userAgent, extraHTTPHeaders: { "X-Forwarded-For": ip } });

test("a new device gets an email; “This wasn't me” signs it out and untrusts it; “This was me” recognises; each link works once", async ({
  browser,
}) => {
  test.slow();
  const before = mailsTo(BOB.email).length;
  // bob's Mac is his known device (demo data). A second browser, in Berlin, signs in as him.
  const intruder = await clientAt(browser, BERLIN, UA.linux);
  await signInOverHttp(intruder, BOB);
  const mail = await waitForMail(BOB.email, /^New sign-in to your account on Firefox 144 on Linux near Berlin, Germany$/);
  expect(mailsTo(BOB.email)).toHaveLength(before + 1);
  // The intruder's browser went on to sign in to an app through Devicekeeper.
  const appName = `Wiki ${crypto.randomUUID().slice(0, 6)}`;
  await signInToApp(await userIdOf(BOB.email), appName, { ip: BERLIN }); // bob is the demo's: the intruder's session, by its address
  expect(mail.text).toContain("Account: bob@example.com");
  expect(mail.text).toContain("Device: Firefox 144 on Linux");
  expect(mail.text).toContain(`IP address: ${BERLIN}`);
  // bob had only signed in from the United Kingdom (demo data): Germany is new for his account.
  expect(mail.text).toContain("near Berlin, Germany (approximate) — a country this account has not signed in from before");
  expect(mail.html).toContain("This wasn't me");

  // The device page shows where it is, too.
  const owner = await clientAt(browser, LONDON);
  await signInOverHttp(owner, BOB);
  const ownerPage = await owner.newPage();
  await ownerPage.goto("/devices");
  await expect(ownerPage.locator("li", { hasText: "Firefox on Linux" }).getByText("near Berlin, Germany").first()).toBeVisible();

  // "This wasn't me", followed from a third browser (a phone, say) that is not signed in.
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await page.goto(linkIn(mail, "This wasn't me"));
  await expect(page.getByRole("heading", { name: "Was this you?" })).toBeVisible();
  await expect(page.getByText("near Berlin, Germany")).toBeVisible();
  // What the button does, the app included, before it is pressed.
  await expect(page.getByText(`It is also signed out of ${appName}, which it signed in to with Devicekeeper.`)).toBeVisible();
  expect((await intruder.request.get("/api/me")).status(), "opening the link changes nothing").toBe(200);
  await page.getByRole("button", { name: "Sign this device out" }).click();
  await expect(statusOf(page)).toContainText(
    `Firefox 144 on Linux is signed out (1 session ended) and no longer trusted. Also signed out of ${appName}.`,
  );
  await expect(page.getByRole("heading", { name: "Next: choose a new password" })).toBeVisible();
  expect((await intruder.request.get("/api/me")).status(), "the intruder's next request").toBe(401);
  await ownerPage.reload();
  await showSignedOut(ownerPage);
  const card = ownerPage.getByRole("list", { name: "Signed-out devices" }).locator("li", { hasText: "Firefox on Linux" }).first();
  await expect(card.getByText("Not trusted")).toBeVisible();

  // The link works once.
  await page.goto(linkIn(mail, "This wasn't me"));
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await page.goto(linkIn(mail, "This was me"));
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();

  // Another new device; this time it was bob: "This was me" marks it recognised.
  const laptop = await clientAt(browser, LONDON, UA.windows);
  await signInOverHttp(laptop, BOB);
  const second = await waitForMail(BOB.email, /^New sign-in to your account on Edge 141 on Windows 10/);
  await page.goto(linkIn(second, "This was me"));
  await page.getByRole("button", { name: "Yes, this was me" }).click();
  await expect(statusOf(page)).toContainText("is marked as yours");
  expect((await laptop.request.get("/api/me")).status()).toBe(200);
  await ownerPage.goto("/activity");
  await expect(
    ownerPage.getByText(/confirmed the new sign-in on .* \(“This was me”\) \(through the link in a security email\)/),
  ).toBeVisible();
  await expect(ownerPage.getByText(/reported the sign-in on Firefox on Linux as not yours/)).toBeVisible();
  const berlin = ownerPage
    .getByRole("listitem")
    .filter({ hasText: `Signed in on Firefox on Linux (new device) from ${BERLIN} (near Berlin, Germany)` });
  await expect(berlin.getByText("Unusual: first sign-in from this country")).toBeVisible();
  const london = ownerPage.getByRole("listitem").filter({ hasText: `from ${LONDON} (near London, United Kingdom)` });
  await expect(london.first()).toBeVisible();
  await expect(london.getByText("Unusual: first sign-in from this country")).toHaveCount(0);

  await Promise.all([intruder.close(), owner.close(), phone.close(), laptop.close()]);
  await sql().query(`DELETE FROM "OidcClient" WHERE name = $1`, [appName]); // bob is the demo's: leave his apps as they were
});

test("password reset by email: same answer for any address, single-use link, every session and token ends, the user is told", async ({
  browser,
}) => {
  const user = await createUser();
  const other = await browser.newContext({ userAgent: UA.linux });
  await signInOverHttp(other, user);
  const appName = `Notes ${user.id.slice(0, 6)}`;
  await signInToApp(user.id, appName);
  const { token } = await createToken("PERSONAL", user.id);
  expect((await other.request.get("/api/v1/settings/devices", { headers: bearer(token) })).status()).toBe(200);

  const context = await clientAt(browser, LONDON);
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  // Right after the client-side navigation the form may not be hydrated yet (a click then submits
  // it natively and reloads the page): click until the form's own check answers.
  await expect(async () => {
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Enter your email address.", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  // An address with no account gets the very same answer, and no email.
  await page.getByLabel("Email").fill(`nobody-${user.email}`);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(statusOf(page)).toContainText(`If an account uses nobody-${user.email}, we have emailed it a link`);

  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(statusOf(page)).toContainText(`If an account uses ${user.email}, we have emailed it a link`);
  // The form it replaced is gone: focus is on the confirmation, for the keyboard and screen readers.
  await expect(statusOf(page)).toBeFocused();
  const mail = await waitForMail(user.email, /^Reset your Devicekeeper password$/);
  expect(mail.text).toContain("near London, United Kingdom");
  expect(mailsTo(`nobody-${user.email}`)).toHaveLength(0);

  const link = linkIn(mail, "Choose a new password");
  await page.goto(link);
  await expect(page.getByText(`For ${user.email}.`)).toBeVisible();
  // The rules before the first try, the cursor already in the field.
  await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/^At least 10 characters, hard to guess/);
  await expect(page.getByLabel("New password", { exact: true })).toBeFocused();
  // What saving it does, the app signed in on the other device included.
  await expect(page.getByText(`They are also signed out of ${appName}, which they signed in to with Devicekeeper.`)).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("quartz heron mosaic 2031 tundra");
  await page.getByLabel("New password, again").fill("quartz heron mosaic 2031 tundra!");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("The two passwords are not the same.");
  await page.getByLabel("New password, again").fill("quartz heron mosaic 2031 tundra");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reset=1&email=/);
  await expect(statusOf(page)).toContainText("Your password was changed and every device was signed out");
  // The form starts with the account's address, the cursor in the password field.
  await expect(page.getByLabel("Email")).toHaveValue(user.email);
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();

  // The old session ended on its next request; the link works once; the new password signs in.
  expect((await other.request.get("/api/me")).status()).toBe(401);
  expect((await other.request.get("/api/v1/settings/devices", { headers: bearer(token) })).status()).toBe(401);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await signInWithForm(page, { email: user.email, password: "quartz heron mosaic 2031 tundra" });
  await expect(page).toHaveURL(/\/devices$/);
  await waitForMail(user.email, /^Your Devicekeeper password was changed$/);
  await Promise.all([other.close(), context.close()]);
});

test("a reset asked for on the way somewhere (an app's sign-in) comes back there", async ({ browser }) => {
  const user = await createUser();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in?next=%2Factivity");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password\?next=%2Factivity$/);
  await expect(page.getByRole("link", { name: "Back to sign in" })).toHaveAttribute("href", "/sign-in?next=%2Factivity");
  await expect(async () => {
    await page.getByLabel("Email").fill(user.email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(statusOf(page)).toContainText(`If an account uses ${user.email}`, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole("link", { name: "Back to sign in" })).toHaveAttribute("href", "/sign-in?next=%2Factivity");

  await page.goto(linkIn(await waitForMail(user.email, /^Reset your Devicekeeper password$/), "Choose a new password"));
  await page.getByLabel("New password", { exact: true }).fill("quartz heron mosaic 2031 tundra");
  await page.getByLabel("New password, again").fill("quartz heron mosaic 2031 tundra");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reset=1&email=[^&]+&next=%2Factivity$/);
  // The form already holds the address; the password, and on to where the reset was a detour from.
  await expectSignInFormHydrated(page);
  await expect(page.getByLabel("Email")).toHaveValue(user.email);
  await page.getByLabel("Password", { exact: true }).fill("quartz heron mosaic 2031 tundra");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/activity$/);
  await context.close();
});

test("email alerts can be turned off at /security", async ({ browser }) => {
  const user = await createUser();
  const context = await browser.newContext();
  await signInOverHttp(context, user);
  const page = await context.newPage();
  await page.goto("/security#email-alerts");
  const section = page.getByRole("region", { name: "Email alerts" });
  // Every security-critical one is on by default, and the line above them counts them right.
  const critical = section.getByRole("checkbox", { checked: true });
  const newDevice = section.getByRole("checkbox", { name: "A new device signs in to my account" });
  await expect(newDevice).toBeChecked(); // the section is there: its boxes can be counted
  await expect(section).toContainText(`The first ${["", "one", "two", "three", "four", "five", "six"][await critical.count()]} are on`);
  await expect(section.getByRole("checkbox", { name: "A personal access token is created" })).not.toBeChecked();
  await newDevice.uncheck();
  await section.getByRole("button", { name: "Save email alerts" }).click();
  await expect(statusOf(page)).toContainText("Email alerts saved.");
  await page.reload();
  await expect(
    page.getByRole("region", { name: "Email alerts" }).getByRole("checkbox", { name: "A new device signs in to my account" }),
  ).not.toBeChecked();

  const second = await browser.newContext({ userAgent: UA.linux });
  await signInOverHttp(second, user);
  const third = await browser.newContext({ userAgent: UA.windows });
  await signInOverHttp(third, user);
  await page.waitForTimeout(2_500); // two worker rounds
  expect(mailsTo(user.email)).toHaveLength(0);
  await Promise.all([context.close(), second.close(), third.close()]);
});
