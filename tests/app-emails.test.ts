// Emails that speak of apps.
//
// A sign-in an app sent the browser to (`/sign-in?next=/oidc/interaction/{uid}`) names that app —
// the one the provider recorded for the pending interaction, never a name the browser sent — in its
// SIGN_IN history row and, on a new device, in the email, as what the sign-in was for: "New sign-in to
// your account for Team Wiki on Firefox 144 on Linux near London". The dashboard's own sign-ins, unknown or ended interactions, and addresses
// that are not the sign-in page's name no app. (The sign-in form posts its page's address;
// server/auth/auth-options.ts hands it to appOfSignIn.)
//
// Allowing an app that is not the organisation's own (the consent page) emails the user what it may
// do and where to remove its access — the first time, and again only after its access was removed
// (each new session's consent is not an email); never for a first-party app, nor when turned off.
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { appOfSignIn } from "@/server/oidc/pending-sign-in";
import { removeAppAccess } from "@/server/oidc/connected-apps";
import { deleteApp, setAppEnabled } from "@/server/oidc/manage-app";
import { updateEmailPreferences, getEmailPreferences } from "@/server/mail/email-preferences";
import { closeMailTransport, deliverMail } from "@/server/mail/deliver-mail";
import { startTestSmtp, type TestSmtp } from "@/scripts/lib/test-smtp";
import { Browser, registerApp, signIn as signInBrowser, startProvider, type Running } from "./oidc-support";
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
    expect(mail!.subject).toBe("New sign-in to your account for Team Wiki on Firefox 144 on Linux near London, United Kingdom");
    expect(mail!.text).toContain(
      "Your Devicekeeper account was just signed in to from Firefox 144 on Linux, a device it has not signed in on before, for Team Wiki.",
    );
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

/** An authorization request from a signed-in browser, the user allowing it on the consent page: answers the app's callback. */
async function allow(browser: Browser, config: client.Configuration, scope = "openid email") {
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: "http://127.0.0.1:9/callback",
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: "S256",
    state: client.randomState(),
  });
  const asked = await browser.follow(url.href);
  if (asked.url.pathname !== "/authorize") return asked.url; // no consent asked (first-party)
  const uid = asked.url.searchParams.get("interaction")!;
  const allowed = await browser.request(`/oidc/interaction/${uid}/consent`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: running.base },
    body: "decision=allow",
  });
  expect(allowed.status).toBe(200);
  return (await browser.follow(((await allowed.json()) as { redirectTo: string }).redirectTo)).url;
}

const appMails = (email: string) => smtp.mails.filter((m) => m.to.includes(email) && / can now sign you in /.test(m.subject));
const deliver = async () => {
  while ((await deliverMail({ mode: "smtp", now: () => new Date(), limit: 50 })) > 0);
};

describe("allowing an app", () => {
  it("emails what it may do and where to remove it — the first time, and again after its access was removed", async () => {
    const user = await createUser();
    const survey = await registerApp(running, { name: "Survey tool", scopes: ["openid", "email", "profile"] });
    const laptop = new Browser(running.base);
    await signInBrowser(laptop, user.email);
    expect((await allow(laptop, survey.config, "openid email profile")).searchParams.get("code")).toBeTruthy();
    await deliver();
    const [mail, more] = appMails(user.email);
    expect(more).toBeUndefined();
    expect(mail!.subject).toBe("Survey tool can now sign you in with your Devicekeeper account");
    for (const words of [
      "You allowed Survey tool to use your Devicekeeper account. It may:",
      "See your email address",
      "See your name",
      "/apps",
    ])
      expect(mail!.text).toContain(words);
    expect(mail!.text).not.toContain("Stay signed in");

    // Another browser's session is asked again (its own grant): no second email.
    const phone = new Browser(running.base);
    await signInBrowser(phone, user.email);
    await allow(phone, survey.config);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "APP_AUTHORIZED" } })).toBe(2);
    await deliver();
    expect(appMails(user.email)).toHaveLength(1);

    // Access removed, then allowed again: told again.
    await removeAppAccess({ actor: { userId: user.id, role: "USER", context: context() }, userId: user.id, clientId: survey.app.clientId });
    await allow(laptop, survey.config);
    await deliver();
    expect(appMails(user.email)).toHaveLength(2);
  });

  it("sends nothing for a first-party app, nor to a user who turned it off", async () => {
    const user = await createUser();
    const wiki = await registerApp(running, { name: "Own wiki", firstParty: true });
    const browser = new Browser(running.base);
    await signInBrowser(browser, user.email);
    expect((await allow(browser, wiki.config)).searchParams.get("code")).toBeTruthy();
    const row = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "APP_AUTHORIZED" } });
    expect(row.detail).toMatchObject({ appName: "Own wiki", firstParty: true });

    const quiet = await createUser();
    const actor = { userId: quiet.id, role: "USER" as const, context: context() };
    await updateEmailPreferences({
      actor,
      userId: quiet.id,
      preferences: { ...(await getEmailPreferences(quiet.id)), emailOnAppAccess: false },
    });
    const survey = await registerApp(running, { name: "Quiet survey" });
    const b2 = new Browser(running.base);
    await signInBrowser(b2, quiet.email);
    await allow(b2, survey.config);
    expect(await db.auditEvent.count({ where: { userId: quiet.id, type: "APP_AUTHORIZED" } })).toBe(1);
    await deliver();
    expect(appMails(user.email)).toEqual([]);
    expect(appMails(quiet.email)).toEqual([]);
    expect(await db.mailOutbox.count({ where: { userId: { in: [user.id, quiet.id] }, kind: "app-authorized" } })).toBe(0);
  });
});

describe("an administrator removing an app's access", () => {
  const removedMails = (email: string) =>
    smtp.mails.filter((m) => m.to.includes(email) && /^An administrator removed access for /.test(m.subject));

  it("emails the user who and which app; not their own removal, nor an app disabled for everyone", async () => {
    const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
    const adminActor = { userId: admin.id, role: "ADMIN" as const, context: context() };
    const user = await createUser();
    const survey = await registerApp(running, { name: "Survey tool" });
    const laptop = new Browser(running.base);
    await signInBrowser(laptop, user.email);
    await allow(laptop, survey.config);
    await removeAppAccess({ actor: adminActor, userId: user.id, clientId: survey.app.clientId });
    await deliver();
    const [mail, more] = removedMails(user.email);
    expect(more).toBeUndefined();
    expect(mail!.subject).toBe("An administrator removed access for Survey tool to your account");
    for (const words of ["Ada Admin removed access for Survey tool to your Devicekeeper account", "signed out on every device", "/apps"])
      expect(mail!.text).toContain(words);

    // Their own Remove access, and an app disabled for everyone (their history says so), are no email.
    await allow(laptop, survey.config);
    await removeAppAccess({ actor: { userId: user.id, role: "USER", context: context() }, userId: user.id, clientId: survey.app.clientId });
    await allow(laptop, survey.config);
    await setAppEnabled({ actor: adminActor, appId: survey.app.clientId, enabled: false });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "APP_ACCESS_REMOVED" } })).toBe(3);
    await deliver();
    expect(removedMails(user.email)).toHaveLength(1);
  });
});

describe("an app deleted for everyone", () => {
  it("writes one history row per user it signed out (their grants counted), by a server key too; no email", async () => {
    const [ann, ben] = [await createUser(), await createUser()];
    const notes = await registerApp(running, { name: "Notes" });
    for (const [user, browsers] of [
      [ann, 2],
      [ben, 1],
    ] as const)
      for (let i = 0; i < browsers; i++) {
        const b = new Browser(running.base);
        await signInBrowser(b, user.email);
        await allow(b, notes.config);
      }
    // A server key acts as an administrator with no user behind it.
    await deleteApp({
      actor: { userId: null, role: "ADMIN", context: { ...context(), via: "server API key “ops”" } },
      appId: notes.app.clientId,
    });
    const rows = await db.auditEvent.findMany({
      where: { userId: { in: [ann.id, ben.id] }, type: "APP_ACCESS_REMOVED" },
      select: { userId: true, actorId: true, detail: true },
    });
    expect(rows.map((r) => [r.userId, r.actorId, r.detail]).sort()).toEqual(
      [
        [ann.id, null, { clientId: notes.app.clientId, appName: "Notes", cause: "deleted", grantsEnded: 2, via: "server API key “ops”" }],
        [ben.id, null, { clientId: notes.app.clientId, appName: "Notes", cause: "deleted", grantsEnded: 1, via: "server API key “ops”" }],
      ].sort(),
    );
    await deliver();
    expect(smtp.mails.filter((m) => m.to.includes(ann.email) && /Notes/.test(m.subject) && !/can now sign you in/.test(m.subject))).toEqual(
      [],
    );
  });
});
