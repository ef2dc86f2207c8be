// A sign-in an app sent the browser to (`/sign-in?next=/oidc/interaction/{uid}`) names that app —
// the one the provider recorded for the pending interaction, never a name the browser sent — in its
// SIGN_IN history row and, on a new device, in the email: "New sign-in to Team Wiki on Firefox 144 on
// Linux near London". The dashboard's own sign-ins, unknown or ended interactions, and addresses
// that are not the sign-in page's name no app. (The sign-in form posts its page's address;
// server/auth/auth-options.ts hands it to appOfSignIn.)
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { appOfSignIn } from "@/server/oidc/pending-sign-in";
import { closeMailTransport, deliverMail } from "@/server/mail/deliver-mail";
import { startTestSmtp, type TestSmtp } from "@/scripts/lib/test-smtp";
import { Browser, registerApp, startProvider, type Running } from "./oidc-support";
import { browser, context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

const BERLIN = "81.169.145.1";
const LONDON = "81.2.69.142";
let running: Running;
let smtp: TestSmtp;

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
  running = await startProvider();
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  closeMailTransport();
  await smtp.close();
  delete process.env.SMTP_URL;
  await running.close();
});

/** An app's authorization request from a browser not signed in here: answers the sign-in page's address it lands on. */
async function signInPageFor(config: client.Configuration): Promise<URL> {
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: "http://127.0.0.1:9/callback",
    scope: "openid email",
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: "S256",
    state: client.randomState(),
  });
  const { url: landed } = await new Browser(running.base).follow(url.href);
  expect(landed.pathname).toBe("/sign-in");
  return landed;
}

const signIn = (email: string, app: Awaited<ReturnType<typeof appOfSignIn>>, ip = BERLIN, ua = browser.mac) =>
  signInWithPassword({ credentials: { email, password: TEST_PASSWORD }, deviceToken: newDeviceToken(), context: context(ua, ip), app });

describe("a sign-in for an app", () => {
  it("names the app the provider recorded for the interaction, from the sign-in page's address", async () => {
    const { app, config } = await registerApp(running, { name: "Team Wiki" });
    const page = await signInPageFor(config);
    expect(page.searchParams.get("next")).toMatch(/^\/oidc\/interaction\/[A-Za-z0-9_-]+$/);
    expect(await appOfSignIn(page.href)).toEqual({ clientId: app.clientId, name: "Team Wiki" });
    // What the form posts is the whole address, relative or not.
    expect(await appOfSignIn(`${page.pathname}${page.search}`)).toEqual({ clientId: app.clientId, name: "Team Wiki" });
  });

  it("names none for the dashboard's sign-in, an unknown or malformed interaction, or not an address", async () => {
    for (const pageUrl of [
      "http://localhost/sign-in",
      "http://localhost/sign-in?next=/devices",
      "http://localhost/sign-in?next=/oidc/interaction/not-a-pending-one",
      "http://localhost/sign-in?next=/oidc/interaction/..%2F..%2Fadmin",
      "http://[",
      `http://localhost/sign-in?next=/oidc/interaction/${"a".repeat(3000)}`,
      42,
      undefined,
    ])
      expect(await appOfSignIn(pageUrl)).toBeNull();
  });

  it("its SIGN_IN row and the new-device email name the app", async () => {
    const { app, config } = await registerApp(running, { name: "Team Wiki" });
    const named = await appOfSignIn((await signInPageFor(config)).href);
    const user = await createUser();
    await signIn(user.email, null); // the first device: no email
    const second = await signIn(user.email, named, LONDON, browser.linux);
    const row = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "SIGN_IN", deviceId: second!.deviceId } });
    expect(row.detail).toMatchObject({ newDevice: true, clientId: app.clientId, appName: "Team Wiki" });

    while ((await deliverMail({ mode: "smtp", now: () => new Date(), limit: 50 })) > 0);
    const [mail, more] = smtp.mails.filter((m) => m.to.includes(user.email));
    expect(more).toBeUndefined();
    expect(mail!.subject).toBe("New sign-in to Team Wiki on Firefox 144 on Linux near London, United Kingdom");
    expect(mail!.text).toContain("Your Devicekeeper account was just used to sign in to Team Wiki on Firefox 144 on Linux");
    expect(mail!.text).toMatch(/App\s*:?\s+Team Wiki/);
    expect(mail!.html).toContain("Team Wiki");
  });

  it("a dashboard sign-in on a new device keeps the account's wording", async () => {
    const user = await createUser();
    await signIn(user.email, null);
    const second = await signIn(user.email, null, LONDON, browser.linux);
    const row = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "SIGN_IN", deviceId: second!.deviceId } });
    expect(row.detail).not.toHaveProperty("appName");
    while ((await deliverMail({ mode: "smtp", now: () => new Date(), limit: 50 })) > 0);
    const [mail] = smtp.mails.filter((m) => m.to.includes(user.email));
    expect(mail!.subject).toBe("New sign-in to your account on Firefox 144 on Linux near London, United Kingdom");
    expect(mail!.text).not.toMatch(/\bApp\b/);
  });
});
