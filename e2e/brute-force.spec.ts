// Password guessing: after 10 wrong passwords for one account from one client, that client is
// told to wait — even with the right password — while another client, and another account from
// the same client, still sign in. Clients are told apart by X-Forwarded-For (the e2e server
// trusts loopback as its proxy).
import { expect, test, type Browser } from "@playwright/test";
import { createUser } from "./support/db";
import { signInWithForm } from "./support/auth";

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
