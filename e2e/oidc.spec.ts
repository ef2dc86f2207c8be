// Sign in with Devicekeeper, in Chromium, against the running server: the example app
// (examples/relying-app, openid-client 6) signs its user in through Devicekeeper's own pages,
// refreshes, and is signed out by the back-channel logout when the device is signed out on the
// dashboard; single sign-on from a dashboard session, prompt=none / prompt=login / max_age, the
// consent page, and the app's own sign-out (RP-initiated logout) of Devicekeeper and every app.
// The issuer is AUTH_URL (http://localhost:<port>): the whole flow runs on that origin.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import * as client from "openid-client";
import { createRelyingApp } from "../examples/relying-app/app";
import { basic, createToken } from "./support/api";
import { createUser, sessionsOf, type TestUser } from "./support/db";
import { expectSignInFormHydrated, signInOverHttp } from "./support/auth";
import { waitForMail } from "./support/mail";
import { confirmIn, SIGN_OUT_DEVICE } from "./support/devices";

const ISSUER_ORIGIN = `http://localhost:${process.env.E2E_PORT}`;
const ISSUER = `${ISSUER_ORIGIN}/oidc`;

type Rp = { base: string; clientId: string; config: client.Configuration; captured: URL[]; close: () => Promise<void> };

/** Registers an app through the REST API and starts the example app for it on loopback. */
async function startApp(name: string, { firstParty = true } = {}): Promise<Rp> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { token } = await createToken("SERVER", null);
  const res = await fetch(`${ISSUER_ORIGIN}/api/v1/apps`, {
    method: "POST",
    headers: { ...basic(token), "content-type": "application/json" },
    body: JSON.stringify({
      name,
      confidential: true,
      // /capture: where the test's own authorization requests return (it reads the code there).
      redirect_uris: [`${base}/callback`, `${base}/capture`],
      post_logout_redirect_uris: [`${base}/`],
      backchannel_logout_uri: `${base}/backchannel-logout`,
      first_party: firstParty,
      scopes: ["openid", "profile", "email", "offline_access"],
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const app = (await res.json()) as { client_id: string; client_secret: string };
  const config = await client.discovery(new URL(ISSUER), app.client_id, undefined, client.ClientSecretBasic(app.client_secret), {
    execute: [client.allowInsecureRequests],
  });
  const rp = createRelyingApp({ config, baseUrl: base, name });
  const captured: URL[] = [];
  server.on("request", (req, res) => {
    if (!req.url?.startsWith("/capture")) return void rp.handle(req, res);
    captured.push(new URL(req.url, base));
    res.writeHead(200, { "content-type": "text/plain" }).end("captured");
  });
  return { base, clientId: app.client_id, config, captured, close: () => new Promise((r) => server.close(() => r())) };
}

async function signInOnPage(page: Page, user: TestUser) {
  await expectSignInFormHydrated(page);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** From the app's own page: "Sign in with Devicekeeper", then Devicekeeper's sign-in page as `user`. */
async function signInThroughApp(page: Page, rp: Rp, user: TestUser) {
  await page.goto(rp.base);
  await page.getByRole("link", { name: "Sign in with Devicekeeper" }).click();
  await signInOnPage(page, user);
}

test.describe("Sign in with Devicekeeper", () => {
  test("an app signs in through Devicekeeper's sign-in page, refreshes, and is signed out when the device is signed out on the dashboard", async ({
    page,
  }) => {
    const user = await createUser({ name: "Olive Apps" });
    const wiki = await startApp("Team Wiki");
    try {
      await page.goto(wiki.base);
      await page.getByRole("link", { name: "Sign in with Devicekeeper" }).click();
      await expect(page).toHaveURL(new RegExp(`^${ISSUER_ORIGIN}/sign-in\\?next=`));
      await expect(page.getByText("to continue to Team Wiki")).toBeVisible();
      await signInOnPage(page, user);
      await expect(page.getByText("Signed in as Olive Apps")).toBeVisible();
      await expect(page.getByRole("row", { name: /^amr/ })).toContainText("pwd");

      await page.getByRole("button", { name: "Refresh tokens" }).click();
      await expect(page.getByRole("row", { name: /tokens refreshed/ })).not.toContainText("not yet");

      // The dashboard (same browser, single sign-on) names the app on this device and on /apps.
      await page.goto(`${ISSUER_ORIGIN}/devices`);
      await expect(page.getByText("Signed in to: Team Wiki")).toBeVisible();
      await page.goto(`${ISSUER_ORIGIN}/apps`);
      await expect(page.getByRole("heading", { name: "Team Wiki" })).toBeVisible();

      // Signing this device out on the dashboard signs it out of the app, at once.
      await page.goto(`${ISSUER_ORIGIN}/devices`);
      const dialog = page.getByRole("alertdialog");
      // Right after the page loads the button may not be hydrated yet: click until the dialog opens.
      await expect(async () => {
        await page.getByRole("button", { name: /^Sign out Chrome/ }).click();
        await expect(dialog).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await expect(dialog).toContainText("It is also signed out of Team Wiki");
      await dialog.getByRole("button", { name: "Sign out device" }).click();
      await expect(page).toHaveURL(/\/sign-in/);
      const ended = Date.now();
      // Asked over HTTP with the browser's cookies (a page load per try would itself take seconds
      // on a busy 2-core runner): the app's page says "Signed out." once its logout has arrived.
      await expect
        .poll(async () => (await (await page.request.get(wiki.base)).text()).includes("Signed out."), {
          timeout: 2_000,
          intervals: [100],
        })
        .toBe(true);
      expect(Date.now() - ended).toBeLessThan(2_500);
      await page.goto(wiki.base);
      await expect(page.getByText("Signed out.")).toBeVisible();
    } finally {
      await wiki.close();
    }
  });

  test("signing out another device says which apps it was signed out of: in the confirmation and in the history", async ({ browser }) => {
    const user = await createUser({ name: "Tess Twodevices" });
    const wiki = await startApp("Team Wiki");
    // The laptop signs in to the wiki; another browser, signed in to the dashboard, signs it out.
    const laptop = await browser.newContext();
    const desk = await browser.newContext({ baseURL: ISSUER_ORIGIN });
    const page = await desk.newPage();
    try {
      const onLaptop = await laptop.newPage();
      await onLaptop.goto(wiki.base);
      await onLaptop.getByRole("link", { name: "Sign in with Devicekeeper" }).click();
      await signInOnPage(onLaptop, user);
      await expect(onLaptop.getByText("Signed in as Tess Twodevices")).toBeVisible();

      await signInOverHttp(desk, user);
      await page.goto("/devices");
      const laptopCard = page.locator("li[data-device-id]").filter({ hasText: "Signed in to: Team Wiki" });
      await expect(laptopCard).toHaveCount(1);
      await expect(async () => {
        await laptopCard.getByRole("button", { name: SIGN_OUT_DEVICE }).click();
        await expect(page.getByRole("alertdialog")).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await confirmIn(page, "Sign out device", /It is also signed out of Team Wiki/);
      await expect(page.getByRole("status")).toContainText(/signed out — 1 session ended\. Also signed out of Team Wiki\./);

      await page.goto("/activity");
      await expect(page.getByRole("main")).toContainText(/You signed out .+ — 1 session ended; also signed out of “Team Wiki”/);
    } finally {
      await desk.close();
      await laptop.close();
      await wiki.close();
    }
  });

  test("the new-device email of a sign-in an app asked for names the app", async ({ page, browser }) => {
    const user = await createUser({ name: "Nell Newdevice" });
    const wiki = await startApp("Team Wiki");
    // Her usual browser first: the next sign-in, on this page's browser, is a new device.
    const usual = await browser.newContext({ baseURL: ISSUER_ORIGIN });
    try {
      await signInOverHttp(usual, user);
      await page.goto(wiki.base);
      await page.getByRole("link", { name: "Sign in with Devicekeeper" }).click();
      await expect(page.getByText("to continue to Team Wiki")).toBeVisible();
      await signInOnPage(page, user);
      await expect(page.getByText("Signed in as Nell Newdevice")).toBeVisible();
      const mail = await waitForMail(user.email, /^New sign-in/);
      expect(mail.subject).toMatch(/^New sign-in to your account for Team Wiki on Chrome \d+ on /);
      expect(mail.text).toMatch(
        /Your Devicekeeper account was just signed in to from Chrome \d+ on [^,]+, a device it has not signed in on before, for Team Wiki\./,
      );
    } finally {
      await usual.close();
      await wiki.close();
    }
  });

  test("single sign-on from a dashboard session; prompt=none, prompt=login and max_age", async ({ page }) => {
    const user = await createUser();
    const wiki = await startApp("Grafana");
    const callbacks = wiki.captured;
    const authorize = async (params: Record<string, string>) => {
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(wiki.config, {
        redirect_uri: `${wiki.base}/capture`,
        scope: "openid email",
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state: client.randomState(),
        ...params,
      });
      await page.goto(url.href);
      return verifier;
    };
    try {
      await page.goto(`${ISSUER_ORIGIN}/sign-in`);
      await signInOnPage(page, user);
      await expect(page).toHaveURL(/\/devices$/);

      // prompt=none: signed in here, so signed in to the app without a page.
      const verifier = await authorize({ prompt: "none" });
      await expect.poll(() => callbacks.length).toBe(1);
      const code = callbacks[0]!;
      expect(code.searchParams.get("code")).toBeTruthy();
      const tokens = await client.authorizationCodeGrant(wiki.config, code, {
        pkceCodeVerifier: verifier,
        expectedState: code.searchParams.get("state")!,
      });
      expect(tokens.claims()!.email).toBe(user.email);
      expect(await client.fetchUserInfo(wiki.config, tokens.access_token, user.id)).toMatchObject({ email: user.email });
      expect(await client.tokenIntrospection(wiki.config, tokens.access_token)).toMatchObject({ active: true, sub: user.id });

      // prompt=login: the password again, then back to the app.
      await authorize({ prompt: "login" });
      await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
      await expect(page.getByText("Grafana asks you to sign in again")).toBeVisible();
      await page.getByLabel("Password").fill("wrong password");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("main").getByRole("alert")).toContainText("That password is not right.");
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect.poll(() => callbacks.length).toBe(2);
      expect(callbacks[1]!.searchParams.get("code")).toBeTruthy();

      // max_age: a sign-in older than that asks again; prompt=none then cannot pass.
      await new Promise((r) => setTimeout(r, 2_100));
      await authorize({ max_age: "1", prompt: "none" });
      await expect.poll(() => callbacks.length).toBe(3);
      expect(callbacks[2]!.searchParams.get("error")).toBe("login_required");
      await authorize({ max_age: "1" });
      await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
    } finally {
      await wiki.close();
    }
  });

  test("an app not of the organisation asks consent; its sign-out can sign the browser out of Devicekeeper and every app", async ({
    page,
  }) => {
    const user = await createUser({ name: "Cora Consent" });
    const survey = await startApp("Survey tool", { firstParty: false });
    try {
      await signInThroughApp(page, survey, user);
      await expect(page.getByRole("heading", { name: "Survey tool wants to use your Devicekeeper account" })).toBeVisible();
      await expect(page.getByText("See your email address")).toBeVisible();
      await page.getByRole("button", { name: "Allow Survey tool" }).click();
      await expect(page.getByText("Signed in as Cora Consent")).toBeVisible();
      // She is told by email what she allowed, and where to take it back.
      const told = await waitForMail(user.email, /^Survey tool can now sign you in/);
      expect(told.text).toContain("See your email address");
      expect(told.text).toContain(`${ISSUER_ORIGIN}/apps`);

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("heading", { name: "Sign out of Survey tool?" })).toBeVisible();
      await page.getByRole("button", { name: "Sign out of Devicekeeper and every app" }).click();
      await expect(page).toHaveURL(`${survey.base}/`);
      await expect(page.getByText("Signed out.")).toBeVisible();
      expect((await sessionsOf(user.id)).every((s) => s.revokedReason === "SIGNED_OUT")).toBe(true);
      await page.goto(`${ISSUER_ORIGIN}/devices`);
      await expect(page).toHaveURL(/\/sign-in/);
    } finally {
      await survey.close();
    }
  });

  test("a shared browser: “Use another account” on the consent page signs the one shown out, and whoever signs in next is asked", async ({
    page,
  }) => {
    const cora = await createUser({ name: "Cora Shared" });
    const dan = await createUser({ name: "Dan Next" });
    const survey = await startApp("Poll tool", { firstParty: false });
    try {
      await signInThroughApp(page, survey, cora);
      await expect(page.getByText(`Signed in as ${cora.email}`)).toBeVisible();
      const another = page.getByRole("button", { name: "Use another account" });
      await expect(another).toHaveAccessibleDescription(
        `First signs ${cora.email} out on this device, and out of the apps signed in with it here.`,
      );
      await another.click();
      // The sign-in page, for the same app; then the consent page for whoever signed in.
      await expect(page.getByText("to continue to Poll tool")).toBeVisible();
      expect((await sessionsOf(cora.id)).map((s) => s.revokedReason)).toEqual(["SIGNED_OUT"]);
      await signInOnPage(page, dan);
      await expect(page.getByText(`Signed in as ${dan.email}`)).toBeVisible();
      await page.getByRole("button", { name: "Allow Poll tool" }).click();
      await expect(page.getByText("Signed in as Dan Next")).toBeVisible();
    } finally {
      await survey.close();
    }
  });
});
