// Password guessing: after 10 wrong passwords for one account from one client, that client is
// told to wait — even with the right password — while another client, and another account from
// the same client, still sign in. Clients are told apart by X-Forwarded-For (the e2e server
// trusts loopback as its proxy).
import { expect, test, type Browser } from "@playwright/test";
import { createUser } from "./support/db";
import { signInWithForm } from "./support/auth";
import { mailsTo, waitForMail } from "./support/mail";

const clientAt = (browser: Browser, ip: string) => browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": ip } });

test("10 wrong passwords lock that client out of that account, and only that", async ({ browser }) => {
  const user = await createUser();
  const other = await createUser();
  const attacker = await clientAt(browser, "203.0.113.66");
  const { csrfToken } = await (await attacker.request.get("/api/auth/csrf")).json();
  for (let i = 0; i < 10; i++) {
    const res = await attacker.request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: user.email, password: `guess-${i}`, json: "true" },
    });
    expect(res.status()).toBe(401);
  }

  // The right password now, from the same client: told to wait, and how long.
  const page = await attacker.newPage();
  await signInWithForm(page, user);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Too many attempts. Try again in 15 minutes.");
  await expect(page).toHaveURL(/\/sign-in/);

  // Another account from the same client is not affected.
  await signInWithForm(page, other);
  await expect(page).toHaveURL(/\/devices$/);

  // The account owner on another client signs in.
  const owner = await clientAt(browser, "198.51.100.23");
  const ownerPage = await owner.newPage();
  await signInWithForm(ownerPage, user);
  await expect(ownerPage).toHaveURL(/\/devices$/);
  // …and sees what happened, from where.
  await ownerPage.goto("/activity");
  await expect(ownerPage.getByText("10 failed sign-in attempts (wrong password) from 203.0.113.66")).toBeVisible();
  await attacker.close();
  await owner.close();
});

test("guesses from many clients pause the account for new browsers; the owner's own browser still signs in and is told", async ({
  browser,
}) => {
  const user = await createUser();
  // The owner's laptop signed in before the attack (its device cookie stays after the session ends).
  const owner = await clientAt(browser, "198.51.100.24");
  const ownerPage = await owner.newPage();
  await signInWithForm(ownerPage, user);
  await expect(ownerPage).toHaveURL(/\/devices$/);
  await owner.clearCookies({ name: "dk.session" });

  // 50 wrong passwords from five clients: none reaches its own limit of 10.
  for (let c = 0; c < 5; c++) {
    const attacker = await clientAt(browser, `203.0.113.${100 + c}`);
    const { csrfToken } = await (await attacker.request.get("/api/auth/csrf")).json();
    for (let i = 0; i < 10; i++) {
      const res = await attacker.request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: user.email, password: `guess-${c}-${i}`, json: "true" },
      });
      expect(res.status()).toBe(401);
    }
    await attacker.close();
  }

  // The right password from a sixth client, in a browser new to the account: paused, and told why.
  const stranger = await clientAt(browser, "203.0.113.120");
  const page = await stranger.newPage();
  await signInWithForm(page, user);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    /^Too many wrong passwords for this account from many places: signing in from a new device is paused for (59|60) minutes\. A device you have signed in on before can still sign in\.$/,
  );
  await expect(page).toHaveURL(/\/sign-in/);

  // The owner's laptop signs in, and its history says what happened.
  await signInWithForm(ownerPage, user);
  await expect(ownerPage).toHaveURL(/\/devices$/);
  await ownerPage.goto("/activity");
  await expect(
    ownerPage.getByText(
      "Signing in from new devices was paused: 50 wrong passwords from 5 places in the last hour. Devices already signed in on could still sign in",
    ),
  ).toBeVisible();
  // …and was emailed, once, though mail about failed sign-ins is off by default.
  const mail = await waitForMail(user.email, /^Someone is guessing your password/);
  expect(mail.text).toContain("50 wrong passwords for your account from 5 different places");
  expect(mailsTo(user.email).filter((m) => m.subject.startsWith("Someone is guessing"))).toHaveLength(1);
  await stranger.close();
  await owner.close();
});
