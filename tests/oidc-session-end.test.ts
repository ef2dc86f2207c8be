// Whatever ends a Devicekeeper session ends the app sessions hanging from it, in the same
// transaction: for each way a session ends, an app signed in on that device (openid-client 6, over
// HTTP) finds its access token inactive and its refresh token refused at once, and receives a
// back-channel logout naming the session (sid) — delivered by the worker within 2 s of the commit,
// woken by the database's notification, as `npm start` runs it (an expired session: at the
// worker's sweep, once a minute; its tokens stop at once all the same).
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { signOut } from "@/server/auth/sign-out";
import { changePassword } from "@/server/auth/change-password";
import { peekPasswordReset, resetPassword } from "@/server/auth/password-reset";
import { readSessionToken } from "@/server/auth/validate-session";
import { untrustDevice } from "@/server/devices/untrust-device";
import { invalidateDevice } from "@/server/devices/invalidate-device";
import { deleteDevice } from "@/server/devices/delete-device";
import { peekDeviceReport, reportDevice } from "@/server/devices/report-device";
import { revokeSession } from "@/server/sessions/revoke-session";
import { revokeOtherSessions } from "@/server/sessions/revoke-other-sessions";
import { setUserDisabled, signOutEverywhere } from "@/server/admin/manage-user";
import { setSessionLimit } from "@/server/admin/set-session-limit";
import { createEmailLink } from "@/server/mail/email-links";
import { removeAppAccess } from "@/server/oidc/connected-apps";
import { deleteApp, setAppEnabled } from "@/server/oidc/manage-app";
import { updateApp } from "@/server/oidc/save-app";
import { appInputSchema } from "@/lib/validation/apps";
import { deliverLogouts } from "@/server/oidc/logout-outbox";
import { sweepEndedSessions } from "@/server/oidc/session-activity";
import { startBackgroundWorker, type WorkerHandle } from "@/server/jobs/background-worker";
import { listen } from "@/server/db/listen";
import { adminActor, authorize, Browser, registerApp, signIn, startLogoutReceiver, startProvider, type Running } from "./oidc-support";
import { context, createUser, TEST_PASSWORD } from "./factories";
import { describeActivity, type ActivityItem } from "@/lib/activity";

let running: Running;
let receiver: Awaited<ReturnType<typeof startLogoutReceiver>>;
let worker: WorkerHandle;
let unlisten: () => Promise<void>;

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
  running = await startProvider();
  receiver = await startLogoutReceiver(running.issuer);
  // The worker as scripts/serve.ts runs it: a slow poll (so only the notification can make it fast).
  worker = startBackgroundWorker({
    tasks: [{ name: "back-channel logout worker", run: async () => (await sweepEndedSessions()) + (await deliverLogouts()) }],
    pollMs: 60_000,
  });
  unlisten = await listen({ devicekeeper_logout: () => worker.wake() });
});
afterAll(async () => {
  await unlisten();
  await worker.stop();
  await running.close();
  await receiver.close();
});

type Signed = Awaited<ReturnType<typeof signIn>> & {
  browser: Browser;
  user: Awaited<ReturnType<typeof createUser>>;
  clientId: string;
  /** The app as its relying party holds it, and the refresh token it was given. */
  config: client.Configuration;
  refreshToken: string;
};
const NEW_PASSWORD = "an entirely different passphrase, 2026";
const owner = (s: Signed) => ({ userId: s.user.id, role: "USER" as const, context: context() });

/** Each way a session ends, applied to the session `s` (signed in on its own device). */
const ENDINGS: Record<string, (s: Signed) => Promise<unknown>> = {
  "sign-out on the device": (s) => signOut({ sessionId: s.sessionId, userId: s.user.id, context: context() }),
  "untrust (the dashboard and the REST API)": (s) => untrustDevice({ actor: owner(s), userId: s.user.id, deviceId: s.deviceId }),
  invalidate: (s) => invalidateDevice({ actor: owner(s), userId: s.user.id, deviceId: s.deviceId }),
  "delete the device": (s) => deleteDevice({ actor: owner(s), userId: s.user.id, deviceId: s.deviceId }),
  "revoke the session": (s) => revokeSession({ actor: owner(s), userId: s.user.id, sessionId: s.sessionId }),
  "sign out all other devices (from another one)": async (s) => {
    const laptop = await signIn(new Browser(running.base), s.user.email, "198.51.100.7");
    return revokeOtherSessions({ actor: { ...owner(s), sessionId: laptop.sessionId }, userId: s.user.id });
  },
  "password change (from another device)": async (s) => {
    const other = new Browser(running.base);
    await signIn(other, s.user.email, "198.51.100.7");
    const session = (await readSessionToken(other.cookies.get("dk.session")))!;
    return changePassword({ session, currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, signOutOthers: true, context: context() });
  },
  // Their pages name the apps before the button is pressed (the page of a link opened afterwards, none).
  "password reset": async (s) => {
    const link = () => db.$transaction((tx) => createEmailLink(tx, { purpose: "PASSWORD_RESET", userId: s.user.id }));
    const token = await link();
    expect(await peekPasswordReset(token)).toMatchObject({ apps: ["Wiki"] });
    const answer = await resetPassword({ token, password: NEW_PASSWORD, context: context() });
    expect(await peekPasswordReset(await link())).toMatchObject({ apps: [] });
    return answer;
  },
  '"this wasn\'t me"': async (s) => {
    const link = () => db.$transaction((tx) => createEmailLink(tx, { purpose: "DEVICE_REPORT", userId: s.user.id, deviceId: s.deviceId }));
    const token = await link();
    expect(await peekDeviceReport(token)).toMatchObject({ apps: ["Wiki"] });
    const answer = await reportDevice({ token, answer: "not-me", context: context() });
    expect(await peekDeviceReport(await link())).toMatchObject({ apps: [] });
    return answer;
  },
  "admin: sign out everywhere": (s) => signOutEverywhere({ actor: adminActor(), userId: s.user.id }),
  "admin: disable the account": (s) => setUserDisabled({ actor: adminActor(), userId: s.user.id, disabled: true }),
  "session limit (a newer sign-in)": async (s) => {
    await setSessionLimit({ actor: adminActor(), userId: s.user.id, maxSessions: 1 });
    return signIn(new Browser(running.base), s.user.email, "198.51.100.7");
  },
  expiry: (s) => db.session.update({ where: { id: s.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } }),
  // Not the Devicekeeper session: the app's own sign-in, revoked because a copy of its token came back.
  "a spent refresh token used again": async (s) => {
    await client.refreshTokenGrant(s.config, s.refreshToken);
    await expect(client.refreshTokenGrant(s.config, s.refreshToken)).rejects.toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/^The refresh token was already used: .* the app is sent a back-channel logout/),
    });
  },
  "remove the app's access": (s) => removeAppAccess({ actor: owner(s), userId: s.user.id, clientId: s.clientId }),
  "admin: disable the app": async (s) => {
    await setAppEnabled({ actor: adminActor(), appId: s.clientId, enabled: false });
    // The user's own history says why they were signed out of it, in the same transaction.
    expect(await accessRemovedOf(s.user.id)).toEqual([{ cause: "disabled", clientId: s.clientId, grantsEnded: 1 }]);
  },
  "admin: make the app public (its kind changed)": async (s) => {
    const { name, redirectUris, postLogoutRedirectUris, backchannelLogoutUri, scopes, firstParty } = await db.oidcClient.findUniqueOrThrow({
      where: { id: s.clientId },
    });
    const app = appInputSchema.parse({
      name,
      redirectUris,
      postLogoutRedirectUris,
      backchannelLogoutUri,
      scopes,
      firstParty,
      confidential: false,
    });
    expect((await updateApp({ actor: adminActor(), appId: s.clientId, app })).signedOut).toBe(1);
    expect(await accessRemovedOf(s.user.id)).toEqual([{ cause: "made-public", clientId: s.clientId, grantsEnded: 1 }]);
  },
  // Its registration gone, the app is still told: the logouts its deletion queued outlive it.
  "admin: delete the app": async (s) => {
    await deleteApp({ actor: adminActor(), appId: s.clientId });
    expect(await accessRemovedOf(s.user.id)).toEqual([{ cause: "deleted", clientId: s.clientId, grantsEnded: 1 }]);
  },
  // The same change dropping the back-channel URI: the sign-ins end first, so their logouts go to the URI they were given under.
  "admin: make the app public and remove its logout URI, in one change": async (s) => {
    const { name, redirectUris, postLogoutRedirectUris, scopes, firstParty } = await db.oidcClient.findUniqueOrThrow({
      where: { id: s.clientId },
    });
    const app = appInputSchema.parse({
      name,
      redirectUris,
      postLogoutRedirectUris,
      backchannelLogoutUri: null,
      scopes,
      firstParty,
      confidential: false,
    });
    expect((await updateApp({ actor: adminActor(), appId: s.clientId, app })).signedOut).toBe(1);
    expect(await db.oidcClient.findUniqueOrThrow({ where: { id: s.clientId } })).toMatchObject({ backchannelLogoutUri: null });
  },
};

/** The user's APP_ACCESS_REMOVED history rows: why, for which app, how many of their grants. */
async function accessRemovedOf(userId: string) {
  const rows = await db.auditEvent.findMany({ where: { userId, type: "APP_ACCESS_REMOVED" }, select: { detail: true } });
  return rows.map(({ detail }) => {
    const { cause, clientId, grantsEnded } = detail as Record<string, unknown>;
    return { cause, clientId, grantsEnded };
  });
}
/**
 * The history row each ending writes, which names the apps its sessions were signed in to
 * ("… — 1 session ended; also signed out of “Wiki”"), as its answer does (the toast's words).
 */
const HISTORY: Record<string, { type: string; answers?: true }> = {
  "sign-out on the device": { type: "SIGN_OUT", answers: true },
  "untrust (the dashboard and the REST API)": { type: "DEVICE_UNTRUSTED", answers: true },
  invalidate: { type: "DEVICE_INVALIDATED", answers: true },
  "delete the device": { type: "DEVICE_DELETED", answers: true },
  "revoke the session": { type: "SESSION_REVOKED", answers: true },
  "sign out all other devices (from another one)": { type: "OTHER_SESSIONS_REVOKED", answers: true },
  "password change (from another device)": { type: "PASSWORD_CHANGED", answers: true },
  "password reset": { type: "PASSWORD_RESET", answers: true },
  '"this wasn\'t me"': { type: "DEVICE_NOT_RECOGNIZED", answers: true },
  "admin: sign out everywhere": { type: "ADMIN_SIGNED_OUT_EVERYWHERE", answers: true },
  "admin: disable the account": { type: "ADMIN_DISABLED_USER", answers: true },
  "session limit (a newer sign-in)": { type: "SESSION_LIMIT_REACHED" },
};

/** The endings after which the app itself, as it was registered, is refused. */
const APP_CHANGED = new Set([
  "admin: disable the app",
  "admin: delete the app",
  "admin: make the app public (its kind changed)",
  "admin: make the app public and remove its logout URI, in one change",
]);

describe("an app session ends with its Devicekeeper session", () => {
  for (const [ending, end] of Object.entries(ENDINGS)) {
    it(`${ending}: the app's tokens stop at once and it is told within 2 s`, async () => {
      const user = await createUser();
      const browser = new Browser(running.base);
      const session = await signIn(browser, user.email);
      const { app, config } = await registerApp(running, {
        firstParty: true,
        scopes: ["openid", "offline_access"],
        backchannelLogoutUri: receiver.url,
      });
      const { tokens } = await authorize(browser, config, { scope: "openid offline_access" });
      const sid = tokens.claims()!.sid;
      expect(await client.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true });

      const answer = await end({ ...session, browser, user, clientId: app.clientId, config, refreshToken: tokens.refresh_token! });
      const ended = Date.now();
      const history = HISTORY[ending];
      if (history) {
        const row = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: history.type } });
        expect((row.detail as { apps?: unknown }).apps, "the history row names the app").toEqual(["Wiki"]);
        const item = { ...row, createdAt: row.createdAt.toISOString(), by: "you", deviceName: "Phone", unusual: false, location: null };
        expect(describeActivity(item as ActivityItem)).toMatch(/; also signed out of “Wiki”/);
        if (history.answers) expect(answer).toMatchObject({ apps: ["Wiki"] });
      }

      if (APP_CHANGED.has(ending)) {
        // The app itself is refused now; what it held is gone.
        await expect(client.tokenIntrospection(config, tokens.access_token)).rejects.toBeTruthy();
        expect(await db.oidcPayload.count({ where: { clientId: app.clientId, model: { not: "Session" } } })).toBe(0);
      } else {
        expect(await client.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
        await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
      }
      // Nothing revokes an expired session, so no trigger fires: the worker's sweep (once a minute) queues its logouts.
      if (ending === "expiry") await sweepEndedSessions(new Date(Date.now() + 60_001));
      await expect.poll(() => receiver.received.find((r) => r.payload.sid === sid), { timeout: 2_000, interval: 25 }).toBeTruthy();
      const logout = receiver.received.find((r) => r.payload.sid === sid)!;
      expect(logout.payload).toMatchObject({ aud: app.clientId, sub: user.id, iss: running.issuer });
      expect(logout.at - ended).toBeLessThan(2_000);
      // Once: however often the worker runs.
      await deliverLogouts();
      expect(receiver.received.filter((r) => r.payload.sid === sid)).toHaveLength(1);
    });
  }
});

describe("the app's own sign-out (RP-initiated logout)", () => {
  async function signedInApp() {
    const user = await createUser();
    const browser = new Browser(running.base);
    const session = await signIn(browser, user.email);
    const { app, config } = await registerApp(running, {
      firstParty: true,
      postLogoutRedirectUris: ["http://127.0.0.1:9/signed-out"],
      backchannelLogoutUri: receiver.url,
    });
    const { tokens } = await authorize(browser, config, { scope: "openid" });
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: "http://127.0.0.1:9/signed-out",
    });
    const page = await browser.request(url.href);
    expect(page.status).toBe(200);
    const html = await page.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    // Its form may send the browser back to the app's registered address (browsers hold redirects to form-action).
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self' http://127.0.0.1:9");
    return { user, browser, session, app, tokens, xsrf };
  }
  const confirm = (browser: Browser, body: Record<string, string>) =>
    browser.request(`${running.issuer}/session/end/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body).toString(),
    });

  it("signs out of that app only, or — the user's choice — of Devicekeeper on this device and so of every app", async () => {
    const only = await signedInApp();
    const res = await confirm(only.browser, { xsrf: only.xsrf });
    expect(res.headers.get("location")).toBe("http://127.0.0.1:9/signed-out");
    expect((await db.session.findUniqueOrThrow({ where: { id: only.session.sessionId } })).revokedAt).toBeNull();
    // The app is named on the page that asks (its two choices).
    const asked = await (await only.browser.request(`${running.issuer}/session/end?client_id=${only.app.clientId}`)).text();
    expect(asked).toContain(`Sign out of ${only.app.name} only`);
    expect(asked).toContain("Sign out of Devicekeeper and every app");

    const all = await signedInApp();
    const res2 = await confirm(all.browser, { xsrf: all.xsrf, logout: "yes" });
    expect(res2.headers.get("location")).toBe("http://127.0.0.1:9/signed-out");
    const row = await db.session.findUniqueOrThrow({ where: { id: all.session.sessionId } });
    expect(row.revokedAt).not.toBeNull();
    expect(row.revokedReason).toBe("SIGNED_OUT");
    expect(all.browser.cookies.has("dk.session")).toBe(false);
  });
});

describe("a sign-out page reached from elsewhere", () => {
  it("names no app it cannot name: with no app in the request, the one choice is all of Devicekeeper, and the page after says what ended", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    const session = await signIn(browser, user.email);
    const { config } = await registerApp(running, { firstParty: true, scopes: ["openid"] });
    await authorize(browser, config, { scope: "openid" }); // the provider's session now names the user
    const page = await browser.request(`${running.issuer}/session/end`);
    const html = await page.text();
    expect(html).toContain("Sign out of Devicekeeper?");
    expect(html).toContain("No app asked for this.");
    expect(html).not.toContain("only</button>");
    expect(html).toContain('href="/devices">Stay signed in');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;

    // Posting the form without the choice (as "app only" did) ends nothing, and the page says so.
    const none = await browser.request(`${running.issuer}/session/end/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ xsrf }).toString(),
    });
    const after = await (await browser.request(new URL(none.headers.get("location")!, running.base).href)).text();
    expect(after).toContain("You are still signed in");
    expect(after).toContain("Nothing was signed out");
    expect((await db.session.findUniqueOrThrow({ where: { id: session.sessionId } })).revokedAt).toBeNull();

    // The choice: signed out of Devicekeeper, and told so.
    const again = await (await browser.request(`${running.issuer}/session/end`)).text();
    const xsrf2 = /name="xsrf" value="([^"]+)"/.exec(again)![1]!;
    const all = await browser.request(`${running.issuer}/session/end/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ xsrf: xsrf2, logout: "yes" }).toString(),
    });
    const done = await (await browser.request(new URL(all.headers.get("location")!, running.base).href)).text();
    expect(done).toContain("You are signed out");
    expect(done).toContain("You signed out of Devicekeeper on this device");
    expect((await db.session.findUniqueOrThrow({ where: { id: session.sessionId } })).revokedReason).toBe("SIGNED_OUT");
  });

  it("ends nothing of a browser signed in to Devicekeeper only: no app session, so no page that asks, and the provider's own form is not a choice", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    const session = await signIn(browser, user.email);
    // Any site can link here; with no app signed in, the provider answers a form that posts itself.
    const page = await browser.request(`${running.issuer}/session/end`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const fields = Object.fromEntries([...html.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    expect(fields).toMatchObject({ logout: "yes", xsrf: expect.any(String) });
    const res = await browser.request(`${running.issuer}/session/end/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    expect(res.status).toBeLessThan(400);
    expect((await db.session.findUniqueOrThrow({ where: { id: session.sessionId } })).revokedAt).toBeNull();
    expect(browser.cookies.has("dk.session")).toBe(true);
  });
});

describe("several instances", () => {
  it("deliver each logout once, whichever worker wakes first", async () => {
    const second = startBackgroundWorker({ tasks: [{ name: "logouts (instance 2)", run: () => deliverLogouts() }], pollMs: 60_000 });
    const unlisten2 = await listen({ devicekeeper_logout: () => second.wake() });
    try {
      const user = await createUser();
      const sids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const browser = new Browser(running.base);
        await signIn(browser, user.email, `198.51.100.${i + 1}`);
        const { config } = await registerApp(running, { firstParty: true, scopes: ["openid"], backchannelLogoutUri: receiver.url });
        sids.push(String((await authorize(browser, config, { scope: "openid" })).tokens.claims()!.sid));
      }
      await signOutEverywhere({ actor: adminActor(), userId: user.id });
      await expect.poll(() => sids.every((sid) => receiver.received.some((r) => r.payload.sid === sid)), { timeout: 2_000 }).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      for (const sid of sids) expect(receiver.received.filter((r) => r.payload.sid === sid)).toHaveLength(1);
    } finally {
      await unlisten2();
      await second.stop();
    }
  });
});
