// examples/relying-app, run as `npm run example:app` runs it (its own process, tsx), against a
// running provider: a browser signs in through it, refreshes, and — when the Devicekeeper session
// it hangs from is revoked — the app shows it signed out within 2 s, told by back-channel logout
// (the background worker woken by the database's NOTIFY, as scripts/serve.ts wires it). Also its
// sign-out through Devicekeeper, and the logout tokens it refuses. No WEBHOOKS_ALLOW_PRIVATE: an
// app on loopback is reached outside production (server/oidc/app-uri-policy.ts).
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { listen } from "@/server/db/listen";
import { startBackgroundWorker, type WorkerHandle } from "@/server/jobs/background-worker";
import { deliverLogouts, logoutToken } from "@/server/oidc/logout-outbox";
import { createApp } from "@/server/oidc/save-app";
import { rotateAppSecret } from "@/server/oidc/manage-app";
import { revokeSession } from "@/server/sessions/revoke-session";
import { DEMO_APP, seedDemoData } from "@/server/demo/seed-demo-data";
import { findClient } from "@/server/oidc/clients";
import { appInputSchema, type AppSummary } from "@/lib/validation/apps";
import { DEMO } from "../examples/relying-app/app";
import { adminActor, Browser, signIn, startProvider, type Running } from "./oidc-support";
import { context, createUser } from "./factories";

const root = path.resolve(import.meta.dirname, "..");

/** A browser across two sites (Devicekeeper and the app): cookies per origin, every redirect followed. */
class TwoSiteBrowser {
  private readonly jars = new Map<string, Map<string, string>>();
  jar(origin: string) {
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin)!;
  }
  /** Signs in to Devicekeeper on this browser, as the sign-in page does. */
  async signIn(provider: string, email: string) {
    const browser = new Browser(provider);
    const started = await signIn(browser, email);
    for (const [k, v] of browser.cookies) this.jar(new URL(provider).origin).set(k, v);
    return started;
  }
  async go(url: string, init: { method?: string; form?: Record<string, string>; origin?: string } = {}, hops = 15) {
    let next = new URL(url);
    let method = init.method ?? "GET";
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let i = 0; i < hops; i++) {
      const jar = this.jar(next.origin);
      const res = await fetch(next, {
        method,
        redirect: "manual",
        body,
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
          ...(body !== undefined ? { "content-type": "application/x-www-form-urlencoded", origin: init.origin ?? next.origin } : {}),
        },
      });
      for (const set of res.headers.getSetCookie()) {
        const [pair = ""] = set.split(";");
        const eq = pair.indexOf("=");
        const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
        if (!value || /expires=Thu, 01 Jan 1970/i.test(set)) jar.delete(name);
        else jar.set(name, value);
      }
      const location = res.headers.get("location");
      if (res.status < 300 || res.status >= 400 || !location)
        return { url: next, status: res.status, headers: res.headers, text: await res.text() };
      next = new URL(location, next);
      [method, body] = ["GET", undefined];
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

let running: Running;
let worker: WorkerHandle;
let unlisten: () => Promise<void>;
let child: ChildProcess;
let appBase: string;
let registered: AppSummary;

beforeAll(async () => {
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
  running = await startProvider();
  // As scripts/serve.ts: a session's end NOTIFYs, which wakes the worker. Its poll is a minute here,
  // so a logout within 2 s can only have come through the NOTIFY.
  worker = startBackgroundWorker({ tasks: [{ name: "back-channel logout worker", run: () => deliverLogouts() }], pollMs: 60_000 });
  unlisten = await listen({ devicekeeper_logout: () => worker.wake() });

  const port = await freePort();
  appBase = `http://localhost:${port}`;
  const created = await createApp({
    actor: adminActor(),
    app: appInputSchema.parse({
      name: "Team Wiki (example)",
      redirectUris: [`${appBase}/callback`],
      postLogoutRedirectUris: [`${appBase}/`],
      backchannelLogoutUri: `${appBase}/backchannel-logout`,
      firstParty: true,
      scopes: ["openid", "profile", "email", "offline_access"],
    }),
  });
  registered = created.app;
  child = spawn(process.execPath, ["--import", "tsx", "examples/relying-app/server.ts"], {
    cwd: root,
    env: {
      ...process.env,
      ISSUER: running.issuer,
      CLIENT_ID: registered.clientId,
      CLIENT_SECRET: created.clientSecret!,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the example app did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes("✔ Team Wiki (example) on")) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the example app exited (${code}):\n${output}`));
    });
  });
});

afterAll(async () => {
  child?.kill();
  await unlisten?.();
  await worker?.stop();
  await running?.close();
});

describe("examples/relying-app", () => {
  it("is the demo's app: the embedded demo database has it registered with the id and secret --demo uses", async () => {
    expect(DEMO).toMatchObject({ clientId: DEMO_APP.clientId, clientSecret: DEMO_APP.clientSecret });
    await seedDemoData(db, { demoCredentials: true });
    expect((await findClient(DEMO.clientId))?.metadata).toMatchObject({
      client_name: "Team Wiki (example)",
      client_secret: DEMO.clientSecret,
      redirect_uris: ["http://localhost:4000/callback"],
      post_logout_redirect_uris: ["http://localhost:4000/"],
      backchannel_logout_uri: "http://localhost:4000/backchannel-logout",
      grant_types: ["authorization_code", "refresh_token"],
    });
    expect(await db.oidcClient.findUniqueOrThrow({ where: { id: DEMO.clientId } })).toMatchObject({
      firstParty: true,
      secretPrefix: "dks_demo",
    });
  });

  it("signs in with Devicekeeper, refreshes, and is signed out within 2 s when the Devicekeeper session is revoked", async () => {
    const user = await createUser({ name: "Wiki Reader" });
    const browser = new TwoSiteBrowser();
    const session = await browser.signIn(running.base, user.email);

    expect((await browser.go(`${appBase}/`)).text).toContain("Sign in with Devicekeeper");
    const signedIn = await browser.go(`${appBase}/login`);
    expect(signedIn.url.href).toBe(`${appBase}/`);
    expect(signedIn.text).toContain("Signed in as <strong>Wiki Reader</strong>");
    expect(signedIn.text).toContain(user.email);
    expect(signedIn.text).toMatch(/<th>amr<\/th><td><code>pwd<\/code>/);
    expect(signedIn.text).toContain("urn:devicekeeper:acr:password");
    // Its sign-out form is answered with a redirect to Devicekeeper: browsers check that against form-action.
    expect(signedIn.headers.get("content-security-policy")).toContain(`form-action 'self' ${running.base};`);
    const sid = /<th>sid<\/th><td><code>([^<]+)<\/code>/.exec(signedIn.text)?.[1];
    expect(sid).toBeTruthy();

    const refreshed = await browser.go(`${appBase}/refresh`, { method: "POST", form: {} });
    expect(refreshed.text).toContain("Tokens refreshed.");
    expect(refreshed.text).toContain("Signed in as");
    expect((await browser.go(`${appBase}/refresh`, { method: "POST", form: {}, origin: "https://evil.example" })).status).toBe(403);

    // Revoked from the dashboard (the same operation as "Sign out" on /devices).
    const started = Date.now();
    await revokeSession({
      actor: { userId: user.id, role: "USER", context: context() },
      userId: user.id,
      sessionId: session.sessionId,
    });
    let page = "";
    while (Date.now() - started < 2_000) {
      page = (await browser.go(`${appBase}/`)).text;
      if (!page.includes("Signed in as")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    // A logout token does not say why: the wiki says what is true of every cause.
    expect(page).toContain("Devicekeeper signed you out of this app: this device was signed out, or this app&#39;s access was removed.");
    expect(page).toContain("Sign in with Devicekeeper");
    const delivery = await db.logoutDelivery.findFirstOrThrow({ where: { clientId: registered.clientId, sub: user.id } });
    expect(delivery).toMatchObject({ status: "DELIVERED", sid, responseStatus: 200 });
  });

  it("signs out through Devicekeeper (RP-initiated logout) and comes back to the app", async () => {
    const user = await createUser();
    const browser = new TwoSiteBrowser();
    const session = await browser.signIn(running.base, user.email);
    expect((await browser.go(`${appBase}/login`)).text).toContain("Signed in as");

    const prompt = await browser.go(`${appBase}/logout`, { method: "POST", form: {} });
    expect(prompt.url.pathname).toBe("/oidc/session/end");
    expect(prompt.text).toContain("Sign out of Team Wiki (example)?");
    // The page's form posts to Devicekeeper, which sends the browser on to the app: its policy must allow both.
    expect(prompt.headers.get("content-security-policy")).toMatch(new RegExp(`form-action 'self' ${appBase}(;|$)`));
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(prompt.text)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(prompt.text)?.[1];
    const back = await browser.go(new URL(action!, running.base).href, { method: "POST", form: { xsrf: xsrf! } });
    expect(back.url.href).toBe(`${appBase}/`);
    expect(back.text).toContain("Sign in with Devicekeeper");
    // "This app only": the app revoked its refresh token (its grant and tokens are gone), Devicekeeper's
    // session no longer names the app, and the Devicekeeper session itself stands.
    const left = await db.oidcPayload.findMany({ where: { accountId: user.id } });
    expect(left.filter((r) => r.clientId === registered.clientId)).toEqual([]);
    const providerSession = left.find((r) => r.model === "Session")!.payload as { authorizations: Record<string, unknown> };
    expect(providerSession.authorizations).toEqual({});
    expect(await db.session.findUniqueOrThrow({ where: { id: session.sessionId } })).toMatchObject({ revokedAt: null });
  });

  it("refuses a logout token that is not for it, not one, or used twice", async () => {
    const post = (token: string) =>
      fetch(`${appBase}/backchannel-logout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ logout_token: token }),
      });
    expect((await post("not-a-jwt")).status).toBe(400);
    expect((await post(await logoutToken({ clientId: "another-app", sub: "u", sid: "s" }))).status).toBe(400);
    const token = await logoutToken({ clientId: registered.clientId, sub: "someone", sid: "some-session" });
    expect((await post(token)).status).toBe(200);
    expect((await post(token)).status).toBe(400);
  });

  it("says a code Devicekeeper refuses (invalid_grant) is an expired or used sign-in, not a 500", async () => {
    const response = await fetch(`${appBase}/login`, { redirect: "manual" });
    const cookie = response.headers.getSetCookie()[0]!.split(";")[0]!;
    const state = new URL(response.headers.get("location")!).searchParams.get("state")!;
    const spent = await fetch(`${appBase}/callback?${new URLSearchParams({ code: "not-a-code", state, iss: running.issuer })}`, {
      headers: { cookie },
    });
    expect(spent.status).toBe(400);
    expect(await spent.text()).toContain("The sign-in expired or was already used.");
  });

  // Last: it rotates the app's secret, which the running example then no longer has.
  it("after its secret is rotated, a refresh signs the user out of the app and a new sign-in says why (invalid_client), not a 500", async () => {
    const user = await createUser();
    const browser = new TwoSiteBrowser();
    await browser.signIn(running.base, user.email);
    expect((await browser.go(`${appBase}/login`)).text).toContain("Signed in as");
    await rotateAppSecret({ actor: adminActor(), appId: registered.clientId });
    const refused = await browser.go(`${appBase}/refresh`, { method: "POST", form: {} });
    expect(refused.status).toBe(200);
    expect(refused.text).toContain("Devicekeeper refused this app&#39;s credentials (invalid_client");
    expect(refused.text).toContain("set CLIENT_SECRET to the new one and restart the app");
    expect(refused.text).toContain("Sign in with Devicekeeper");

    // Signing in again: Devicekeeper sends the browser back with a code, and the code exchange is refused.
    const callback = await browser.go(`${appBase}/login`);
    expect(callback.url.pathname).toBe("/callback");
    expect(callback.status).toBe(502);
    expect(callback.text).toContain("You could not be signed in: Devicekeeper refused this app&#39;s credentials (invalid_client");
    expect(callback.text).toContain("set CLIENT_SECRET to the new one and restart the app");
    expect(callback.text).toContain('<a href="/">Back to the start page</a>');
    expect(callback.text).not.toContain("WWW-Authenticate");
  });
});
