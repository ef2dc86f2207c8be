// The OpenID Provider's sign-in paths and refusals over real HTTP (the front door on loopback,
// openid-client 6 as the app): a browser that is not signed in goes to the sign-in page and comes
// back; single sign-on for a second app; prompt=none/login and max_age; the consent page's
// answer; unknown apps, wrong redirects, PKCE, replayed codes; oversize and random input never a 5xx.
import crypto from "node:crypto";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { readSessionToken } from "@/server/auth/validate-session";
import { confirmPasswordForApp } from "@/server/oidc/confirm-for-app";
import { consentFor } from "@/server/oidc/pending-sign-in";
import { Browser, registerApp, signIn, startProvider, type Running } from "./oidc-support";
import { context, createUser, TEST_PASSWORD } from "./factories";

const REDIRECT = "http://127.0.0.1:9/callback";
let running: Running;

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
  running = await startProvider();
});
afterAll(() => running.close());

/** An authorization request as an app makes it: answers its URL and what the app keeps to finish it. */
async function request(config: client.Configuration, params: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    ...params,
  });
  return { url, verifier, state };
}

const finish = (config: client.Configuration, callback: URL, r: { verifier: string; state: string }) =>
  client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: r.verifier, expectedState: r.state });

const interactionOf = (url: URL) =>
  url.searchParams.get("interaction") ?? /\/oidc\/interaction\/([^/?]+)/.exec(url.searchParams.get("next") ?? "")?.[1];

/** Sets when an interaction began (its row's createdAt) and when the session last proved the password. */
async function setTimes(uid: string, sessionId: string, { began, verified }: { began: Date; verified: Date }) {
  await db.oidcPayload.update({ where: { model_id: { model: "Interaction", id: uid } }, data: { createdAt: began } });
  await db.session.update({ where: { id: sessionId }, data: { verifiedAt: verified } });
}

/** A new user signed in on a new browser, and a first-party app of that name to sign in to. */
async function signedInBeside(appName: string) {
  const user = await createUser();
  const wiki = await registerApp(running, { name: appName, firstParty: true });
  const browser = new Browser(running.base);
  await signIn(browser, user.email);
  return { user, wiki, browser, session: await sessionOf(browser) };
}

const sessionOf = async (browser: Browser) => (await readSessionToken(browser.cookies.get("dk.session")))!;

describe("signing in to an app", () => {
  it("sends a browser that is not signed in to the sign-in page, which comes back to the app; a second app needs no second sign-in", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    const wiki = await registerApp(running, { name: "Wiki", firstParty: true });
    const r = await request(wiki.config);
    const first = await browser.follow(r.url.href);
    expect(first.url.pathname).toBe("/sign-in");
    const next = first.url.searchParams.get("next")!;
    expect(next).toMatch(/^\/oidc\/interaction\/[\w-]+$/);

    await signIn(browser, user.email);
    const { url: callback } = await browser.follow(next);
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    const tokens = await finish(wiki.config, callback, r);
    expect(tokens.claims()!.sub).toBe(user.id);

    // Single sign-on: another app of the organisation, the same browser, no sign-in page.
    const grafana = await registerApp(running, { name: "Grafana", firstParty: true });
    const r2 = await request(grafana.config);
    const { url: callback2 } = await browser.follow(r2.url.href);
    expect(callback2.origin + callback2.pathname).toBe(REDIRECT);
    const tokens2 = await finish(grafana.config, callback2, r2);
    expect(tokens2.claims()!.sub).toBe(user.id);

    // The device's card names both apps; the connected-apps list names the device.
    const { listDevices } = await import("@/server/devices/list-devices");
    const session = await sessionOf(browser);
    const [device] = await listDevices({ userId: user.id, currentDeviceId: session.deviceId, deviceId: session.deviceId });
    expect(device!.apps).toEqual(["Grafana", "Wiki"]);
    expect(device!.sessions.find((s) => s.id === session.sessionId)!.apps).toEqual(["Grafana", "Wiki"]);
  });

  it("a sign-in still waiting in another browser (a reset link opened on a phone) says where it can finish, not that it expired", async () => {
    const user = await createUser();
    const started = new Browser(running.base);
    const wiki = await registerApp(running, { name: "Wiki <b>", firstParty: true });
    const r = await request(wiki.config);
    const next = (await started.follow(r.url.href)).url.searchParams.get("next")!;

    const elsewhere = new Browser(running.base);
    await signIn(elsewhere, user.email);
    const res = await elsewhere.request(next);
    expect(res.status).toBeGreaterThanOrEqual(400);
    const page = await res.text();
    expect(page).toContain("<h1>Finish signing in to Wiki &lt;b&gt; where you started</h1>");
    expect(page).toContain("You are signed in to Devicekeeper in this browser: open Wiki &lt;b&gt; here and sign in again");
    expect(page).not.toContain("expired");
    // The browser it started in still finishes it.
    await signIn(started, user.email);
    const { url: callback } = await started.follow(next);
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
  });

  it("a browser holding only the provider's cookie is asked to sign in: no app is signed in that would outlive a Devicekeeper session", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    await signIn(browser, user.email);
    const wiki = await registerApp(running, { name: "Wiki", firstParty: true });
    const r = await request(wiki.config);
    await finish(wiki.config, (await browser.follow(r.url.href)).url, r);
    // Its Devicekeeper cookie gone (cleared, or never copied with the provider's): a second app.
    browser.cookies.delete("dk.session");
    const grafana = await registerApp(running, { name: "Grafana", firstParty: true });
    const r2 = await request(grafana.config);
    const { url } = await browser.follow(r2.url.href);
    expect(url.pathname).toBe("/sign-in");
    expect(await db.oidcPayload.count({ where: { clientId: grafana.app.id, dkSessionId: null } })).toBe(0);
    // The app it is already signed in to (its grant stands): asked too, and prompt=none is refused.
    const again = await browser.follow((await request(wiki.config)).url.href);
    expect(again.url.pathname).toBe("/sign-in");
    const silent = await browser.follow((await request(wiki.config, { prompt: "none" })).url.href);
    expect(silent.url.searchParams.get("error")).toBe("login_required");
    // Nothing saved for an account without a Devicekeeper session is ever answered.
    const orphan = "orphan-" + crypto.randomUUID();
    await db.oidcPayload.create({
      data: {
        model: "AccessToken",
        id: orphan,
        accountId: user.id,
        clientId: wiki.app.id,
        payload: { accountId: user.id, clientId: wiki.app.id, kind: "AccessToken", jti: orphan },
      },
    });
    expect(await client.tokenIntrospection(wiki.config, orphan)).toEqual({ active: false });
  });

  it("a browser signed in here as someone else since gets that account's tokens, not the earlier one's", async () => {
    const [ann, bob] = [await createUser(), await createUser()];
    const browser = new Browser(running.base);
    await signIn(browser, ann.email);
    const wiki = await registerApp(running, { name: "Wiki", firstParty: true });
    const r = await request(wiki.config);
    expect((await finish(wiki.config, (await browser.follow(r.url.href)).url, r)).claims()!.sub).toBe(ann.id);
    await signIn(browser, bob.email); // the provider's cookie still names Ann
    const r2 = await request(wiki.config);
    // The provider ends Ann's session of its own with a form that posts itself (as a browser would).
    const { response } = await browser.follow(r2.url.href);
    const html = await response!.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
    const fields = Object.fromEntries([...html.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const posted = await browser.request(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    const { url } = await browser.follow(posted.headers.get("location")!);
    expect((await finish(wiki.config, url, r2)).claims()!.sub).toBe(bob.id);
    // Bob's Devicekeeper session is not what that form ended.
    expect((await readSessionToken(browser.cookies.get("dk.session")))?.userId).toBe(bob.id);
  });

  it("prompt=none answers login_required without a session, consent_required for an app not yet allowed", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    const wiki = await registerApp(running, { name: "Wiki", firstParty: true });
    const none = await browser.follow((await request(wiki.config, { prompt: "none" })).url.href);
    expect(none.url.searchParams.get("error")).toBe("login_required");

    await signIn(browser, user.email);
    const ok = await browser.follow((await request(wiki.config, { prompt: "none" })).url.href);
    expect(ok.url.searchParams.get("code")).toBeTruthy();

    const thirdParty = await registerApp(running, { name: "Survey tool" });
    const refused = await browser.follow((await request(thirdParty.config, { prompt: "none" })).url.href);
    expect(refused.url.searchParams.get("error")).toBe("consent_required");
  });

  it("prompt=login and an exceeded max_age ask for the password again, then sign in with a fresh auth_time", async () => {
    const user = await createUser();
    const wiki = await registerApp(running, { name: "Wiki", firstParty: true });
    const params: Record<string, string>[] = [{ prompt: "login" }, { max_age: "600" }];
    for (const p of params) {
      // Each on a browser that signed in an hour ago (max_age: before the app's own session existed).
      const browser = new Browser(running.base);
      await signIn(browser, user.email);
      const session = await sessionOf(browser);
      await db.session.update({ where: { id: session.sessionId }, data: { verifiedAt: new Date(Date.now() - 3_600_000) } });
      // prompt=none cannot get past max_age silently.
      if (p.max_age) {
        const none = await browser.follow((await request(wiki.config, { ...p, prompt: "none" })).url.href);
        expect(none.url.searchParams.get("error")).toBe("login_required");
      }
      const r = await request(wiki.config, p);
      const asked = await browser.follow(r.url.href);
      expect(asked.url.pathname, JSON.stringify(p)).toBe("/authorize/confirm");
      const uid = interactionOf(asked.url)!;
      // A wrong password does not pass, and counts like a sign-in's.
      await expect(confirmPasswordForApp({ session: await sessionOf(browser), password: "wrong", context: context() })).rejects.toThrow(
        "not right",
      );
      const before = Math.floor(Date.now() / 1000);
      await confirmPasswordForApp({ session: await sessionOf(browser), password: TEST_PASSWORD, context: context() });
      const { url: callback } = await browser.follow(`/oidc/interaction/${uid}`);
      const tokens = await finish(wiki.config, callback, r);
      expect(tokens.claims()!.auth_time).toBeGreaterThanOrEqual(before - 1);
    }
  });

  it("prompt=login is not satisfied by a sign-in made earlier in the same second as the request", async () => {
    const { wiki, browser, session } = await signedInBeside("Wiki");
    const r = await request(wiki.config, { prompt: "login" });
    // The provider's answer to the request: the interaction it made, not yet looked at.
    const started = await browser.request(r.url.href);
    const uid = /\/oidc\/interaction\/([^/?]+)/.exec(started.headers.get("location") ?? "")![1]!;
    const row = await db.oidcPayload.findUniqueOrThrow({ where: { model_id: { model: "Interaction", id: uid } } });
    const iat = (row.payload as { iat: number }).iat;
    // The session was verified 400 ms before the interaction began, both within the second `iat`
    // names (the provider's own clock is whole seconds).
    await setTimes(uid, session.sessionId, { began: new Date(iat * 1000 + 500), verified: new Date(iat * 1000 + 100) });
    const asked = await browser.follow(`/oidc/interaction/${uid}`);
    expect(asked.url.pathname).toBe("/authorize/confirm");
    // Confirmed after the request began: signed in to the app.
    await db.session.update({ where: { id: session.sessionId }, data: { verifiedAt: new Date(iat * 1000 + 900) } });
    const { url: callback } = await browser.follow(`/oidc/interaction/${uid}`);
    expect(callback.searchParams.get("code")).toBeTruthy();
  });

  it("a short max_age is met by the password confirmed for this request moments ago, not by one confirmed long before", async () => {
    const { wiki, browser, session } = await signedInBeside("Wiki");
    await db.session.update({ where: { id: session.sessionId }, data: { verifiedAt: new Date(Date.now() - 3_600_000) } });
    const r = await request(wiki.config, { max_age: "1" });
    const asked = await browser.follow(r.url.href);
    expect(asked.url.pathname).toBe("/authorize/confirm");
    const uid = interactionOf(asked.url)!;
    // The request began 3 s ago; the password was confirmed for it 2 s ago, more than max_age before now.
    await setTimes(uid, session.sessionId, { began: new Date(Date.now() - 3000), verified: new Date(Date.now() - 2000) });
    const { url: callback } = await browser.follow(`/oidc/interaction/${uid}`);
    expect(callback.searchParams.get("code")).toBeTruthy();

    // Confirmed for a request, but a minute before the browser came back: asked again, so the ID
    // token's auth_time honours max_age.
    const r2 = await request(wiki.config, { max_age: "1" });
    await db.session.update({ where: { id: session.sessionId }, data: { verifiedAt: new Date(Date.now() - 3_600_000) } });
    const uid2 = interactionOf((await browser.follow(r2.url.href)).url)!;
    await setTimes(uid2, session.sessionId, { began: new Date(Date.now() - 120_000), verified: new Date(Date.now() - 60_000) });
    expect((await browser.follow(`/oidc/interaction/${uid2}`)).url.pathname).toBe("/authorize/confirm");
  });

  it("asks consent for an app that is not first-party: Allow signs in, Cancel answers access_denied; only the same origin and user may answer", async () => {
    const user = await createUser();
    const other = await createUser();
    const browser = new Browser(running.base);
    await signIn(browser, user.email);
    const survey = await registerApp(running, { name: "Survey tool", scopes: ["openid", "email"] });

    const r = await request(survey.config, { scope: "openid email" });
    const asked = await browser.follow(r.url.href);
    expect(asked.url.pathname).toBe("/authorize");
    const uid = interactionOf(asked.url)!;
    expect(await consentFor(uid, other.id)).toBeNull();
    expect(await consentFor(uid, user.id)).toMatchObject({ appName: "Survey tool", scopes: ["openid", "email"], email: user.email });

    const post = (origin: string | null, decision: string) =>
      browser.request(`/oidc/interaction/${uid}/consent`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}) },
        body: new URLSearchParams({ decision }).toString(),
      });
    expect((await post("https://evil.example", "allow")).status).toBe(403);
    expect((await post(null, "allow")).status).toBe(403);
    const allowed = await post(running.base, "allow");
    expect(allowed.status).toBe(200);
    const { url: callback } = await browser.follow(((await allowed.json()) as { redirectTo: string }).redirectTo);
    expect((await finish(survey.config, callback, r)).claims()!.email).toBe(user.email);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "APP_AUTHORIZED" } })).toBe(1);

    // Allowed once: not asked again.
    const again = await browser.follow((await request(survey.config, { scope: "openid email" })).url.href);
    expect(again.url.searchParams.get("code")).toBeTruthy();
    // Asked again by the app (prompt=consent): the page lists all it gets, not only what is new.
    const reasked = interactionOf(
      (await browser.follow((await request(survey.config, { scope: "openid email", prompt: "consent" })).url.href)).url,
    )!;
    expect(await consentFor(reasked, user.id)).toMatchObject({ scopes: ["openid", "email"] });

    // Another user on another browser cancels.
    const browser2 = new Browser(running.base);
    await signIn(browser2, other.email);
    const r2 = await request(survey.config, { scope: "openid email" });
    const uid2 = interactionOf((await browser2.follow(r2.url.href)).url)!;
    const denied = await browser2.request(`/oidc/interaction/${uid2}/consent`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: running.base },
      body: "decision=deny",
    });
    const { url: back } = await browser2.follow(((await denied.json()) as { redirectTo: string }).redirectTo);
    expect(back.searchParams.get("error")).toBe("access_denied");
  });
});

describe("refusals", () => {
  it("never redirects to an unregistered address, nor for an unknown or disabled app", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    await signIn(browser, user.email);
    const wiki = await registerApp(running, { firstParty: true });
    const good = new URL((await request(wiki.config)).url);

    const unknown = new URL(good);
    unknown.searchParams.set("client_id", crypto.randomUUID());
    const wrongRedirect = new URL(good);
    wrongRedirect.searchParams.set("redirect_uri", "https://evil.example/callback");
    for (const [url, says] of [
      [unknown, "This app is not registered with Devicekeeper, or an administrator has turned it off."],
      [wrongRedirect, "The app asked to send you back to an address it has not registered, so Devicekeeper does not."],
    ] as const) {
      const res = await browser.request(url.href);
      expect(res.status, url.search).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      const html = await res.text();
      expect(html).toContain("<h1>Sign-in could not continue</h1>");
      expect(html).toContain(says);
    }
    // Whoever connects the app reads what it sent: which app, and the address it asked for.
    const refusedPage = await (await browser.request(wrongRedirect.href)).text();
    expect(refusedPage).toContain(`client_id ${wiki.app.clientId} (Wiki)<br>redirect URI asked for: https://evil.example/callback`);
    // A sign-in that is gone (expired, finished, never was): a page that says where to go, not a line of text.
    const gone = await browser.request(`${running.issuer}/interaction/${crypto.randomUUID()}`);
    expect(gone.status).toBeGreaterThanOrEqual(400);
    expect(gone.headers.get("content-type")).toContain("text/html");
    const gonePage = await gone.text();
    expect(gonePage).toContain("<h1>This sign-in has expired</h1>");
    expect(gonePage).toContain('<a href="/devices">Your devices</a>');
    // Signing out: said as a sign-out, and the user is told they are still signed in.
    const badHint = await browser.request(`${running.issuer}/session/end?id_token_hint=garbage`, { headers: { accept: "text/html" } });
    expect(badHint.status).toBe(400);
    const hintPage = await badHint.text();
    expect(hintPage).toContain("<h1>Sign-out could not continue</h1>");
    expect(hintPage).toContain("The app&#39;s sign-out request could not be read. You are still signed in.");

    await db.oidcClient.update({ where: { id: wiki.app.clientId }, data: { disabledAt: new Date() } });
    await new Promise((r) => setTimeout(r, 5_100)); // the client cache's life
    expect((await browser.request(good.href)).status).toBe(400);
  });

  it("requires PKCE (S256) of a public app, checks the verifier, and a replayed code revokes what the first use issued", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    await signIn(browser, user.email);
    const spa = await registerApp(running, { name: "SPA", firstParty: true, confidential: false, scopes: ["openid", "offline_access"] });

    const noPkce = client.buildAuthorizationUrl(spa.config, { redirect_uri: REDIRECT, scope: "openid", state: "s" });
    const { url: refused } = await browser.follow(noPkce.href);
    expect(refused.searchParams.get("error")).toBe("invalid_request");
    const plain = client.buildAuthorizationUrl(spa.config, {
      redirect_uri: REDIRECT,
      scope: "openid",
      code_challenge: "a".repeat(43),
      code_challenge_method: "plain",
    });
    expect((await browser.follow(plain.href)).url.searchParams.get("error")).toBe("invalid_request");

    const r = await request(spa.config, { scope: "openid offline_access", prompt: "consent" });
    const { url: callback } = await browser.follow(r.url.href);
    // Refused as the standard says, and why, for the app's developer (not only in the server's log).
    await expect(finish(spa.config, callback, { ...r, verifier: client.randomPKCECodeVerifier() })).rejects.toMatchObject({
      error: "invalid_grant",
      error_description: "code_verifier does not match the code_challenge of the authorization request.",
    });

    const r2 = await request(spa.config, { scope: "openid offline_access", prompt: "consent" });
    const { url: callback2 } = await browser.follow(r2.url.href);
    const tokens = await finish(spa.config, callback2, r2);
    await expect(finish(spa.config, callback2, r2)).rejects.toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/^The authorization code was already used\. .* every token issued from it is revoked/),
    });
    await expect(client.refreshTokenGrant(spa.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/^The refresh token is not valid: its sign-in ended/),
    });
    // Without a verifier at all.
    const r3 = await request(spa.config, { scope: "openid", prompt: "consent" });
    const code = new URL((await browser.follow(r3.url.href)).url).searchParams.get("code")!;
    const noVerifier = await fetch(spa.config.serverMetadata().token_endpoint!, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: spa.app.clientId }),
    });
    expect(noVerifier.status).toBe(400);
    expect(await noVerifier.json()).toEqual({
      error: "invalid_grant",
      error_description: "code_verifier is missing: send the PKCE verifier whose S256 code_challenge the authorization request carried.",
    });
    const replayed = await db.auditEvent.findMany({ where: { userId: user.id, type: "APP_TOKEN_REPLAYED" } });
    expect(replayed.map((e) => e.detail)).toEqual([expect.objectContaining({ appName: "SPA", grantType: "authorization_code" })]);
  });

  it("answers expired and revoked tokens as inactive, and another app's tokens are not its to inspect", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    await signIn(browser, user.email);
    const wiki = await registerApp(running, { firstParty: true, scopes: ["openid", "offline_access"] });
    const other = await registerApp(running, { name: "Other", firstParty: true });
    const r = await request(wiki.config, { scope: "openid offline_access", prompt: "consent" });
    const tokens = await finish(wiki.config, (await browser.follow(r.url.href)).url, r);

    expect(await client.tokenIntrospection(other.config, tokens.access_token)).toEqual({ active: false });
    await client.tokenRevocation(wiki.config, tokens.refresh_token!);
    await expect(client.refreshTokenGrant(wiki.config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });

    const r2 = await request(wiki.config, { scope: "openid" });
    const tokens2 = await finish(wiki.config, (await browser.follow(r2.url.href)).url, r2);
    await db.oidcPayload.updateMany({
      where: { model: "AccessToken", accountId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await client.tokenIntrospection(wiki.config, tokens2.access_token)).toEqual({ active: false });
  });

  it("a disabled account's tokens answer nothing, even while its session row is still live (every lookup joins the user)", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    await signIn(browser, user.email);
    const wiki = await registerApp(running, { firstParty: true, scopes: ["openid", "offline_access"] });
    const r = await request(wiki.config, { scope: "openid offline_access", prompt: "consent" });
    const tokens = await finish(wiki.config, (await browser.follow(r.url.href)).url, r);
    const userinfo = () =>
      fetch(wiki.config.serverMetadata().userinfo_endpoint!, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect((await userinfo()).status).toBe(200);

    // Not through setUserDisabled (which also ends the sessions): only the user's row says it.
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await client.tokenIntrospection(wiki.config, tokens.access_token)).toEqual({ active: false });
    const refused = await userinfo();
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    await expect(client.refreshTokenGrant(wiki.config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("a confidential app that sends its secret in the body is told to use HTTP Basic; a wrong secret is told nothing more", async () => {
    const wiki = await registerApp(running, { firstParty: true });
    const token = wiki.config.serverMetadata().token_endpoint!;
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(token, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "x", ...body }),
      });
    const inBody = await post({ client_id: wiki.app.clientId, client_secret: wiki.clientSecret! });
    expect(inBody.status).toBe(401);
    const told = (await inBody.json()) as { error: string; error_description: string };
    expect(told).toMatchObject({ error: "invalid_client", error_description: expect.stringContaining("client_secret_basic") });
    // The same words for an app that does not exist, or a client_id alone: nothing said of the app itself.
    const others: Record<string, string>[] = [{ client_id: crypto.randomUUID(), client_secret: "dks_x" }, { client_id: wiki.app.clientId }];
    for (const body of others) expect(await (await post(body)).json(), JSON.stringify(body)).toEqual(told);
    const wrong = await post({}, { authorization: `Basic ${Buffer.from(`${wiki.app.clientId}:dks_wrong`).toString("base64")}` });
    expect(await wrong.json()).toEqual({ error: "invalid_client", error_description: "client authentication failed" });
  });

  it("answers oversize and random input to every endpoint with a 4xx (or a redirect with an error), never a 5xx", async () => {
    const browser = new Browser(running.base);
    const wiki = await registerApp(running, { firstParty: true });
    const auth = `Basic ${Buffer.from(`${wiki.app.clientId}:nope`).toString("base64")}`;
    const huge = "x".repeat(60_000);
    // Seeded, so a failure repeats (mulberry32).
    let seed = 20261204;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const junk = () => {
      const pick = ["", "%", "%zz", "a".repeat(3000), "\u0000", "😀", "[]", "{}", "openid", crypto.randomUUID(), "S256", "-1", "1e309"];
      return pick[Math.floor(random() * pick.length)]!;
    };
    const names = [
      "client_id",
      "redirect_uri",
      "response_type",
      "scope",
      "state",
      "code_challenge",
      "code_challenge_method",
      "prompt",
      "max_age",
      "grant_type",
      "code",
      "refresh_token",
      "token",
      "id_token_hint",
      "code_verifier",
      "request",
      "claims",
    ];
    const statuses = new Set<number>();
    const check = async (path: string, init?: RequestInit) => {
      const res = await browser.request(path, init);
      statuses.add(res.status);
      expect(res.status, `${init?.method ?? "GET"} ${path.slice(0, 200)}`).toBeLessThan(500);
    };
    await check(`/oidc/auth?client_id=${wiki.app.clientId}&scope=${huge}`);
    await check(`/oidc/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth },
      body: `grant_type=authorization_code&code=${huge}`,
    });
    // A NUL is never meaningful, and PostgreSQL cannot store it: found by this test once.
    await check(`/oidc/session/end?client_id=${wiki.app.clientId}&state=%00`);
    await check(
      `/oidc/auth?client_id=${wiki.app.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}&state=a%00b&code_challenge=${"a".repeat(43)}&code_challenge_method=S256`,
    );
    await check(`/oidc/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth },
      body: "grant_type=refresh_token&refresh_token=%00",
    });
    for (let i = 0; i < 120; i++) {
      const params = new URLSearchParams(names.filter(() => random() < 0.5).map((n) => [n, junk()]));
      if (random() < 0.7) params.set("client_id", wiki.app.clientId);
      const path = [
        "/oidc/auth",
        "/oidc/token",
        "/oidc/token/introspection",
        "/oidc/token/revocation",
        "/oidc/me",
        "/oidc/session/end",
        "/oidc/interaction/x",
      ][i % 7]!;
      if (path === "/oidc/auth" || path === "/oidc/session/end" || path === "/oidc/interaction/x") await check(`${path}?${params}`);
      else
        await check(path, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...(random() < 0.5 ? { authorization: auth } : {}) },
          body: params.toString(),
        });
    }
    expect(statuses.size).toBeGreaterThan(1);
  });
});
