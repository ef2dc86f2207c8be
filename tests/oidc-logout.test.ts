// RP-initiated logout's page (/oidc/session/end): its two answers, and the way back to the app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { authorize, Browser, registerApp, signIn, startProvider, type Running } from "./oidc-support";
import { createUser } from "./factories";
import { describeActivity, type ActivityItem } from "@/lib/activity";

let running: Running;
beforeAll(async () => {
  running = await startProvider();
});
afterAll(() => running.close());

const BACK = "http://127.0.0.1:9/signed-out";

/** Signs in to an app, then asks Devicekeeper to sign out of it: the page, and its form's action and token. */
async function signOutPage() {
  const user = await createUser();
  const browser = new Browser(running.base);
  const session = await signIn(browser, user.email);
  const { config } = await registerApp(running, { firstParty: true, scopes: ["openid"], postLogoutRedirectUris: [BACK] });
  const { tokens } = await authorize(browser, config, { scope: "openid" });
  const url = new URL(`${running.issuer}/session/end`);
  url.search = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: BACK }).toString();
  /** Opens the page (again): its form's answer, posted with the page's token. */
  const open = async () => {
    const page = await browser.request(url.href);
    const html = await page.text();
    const action = new URL(/<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)![1]!, running.base).href;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const confirm = (form: Record<string, string>) =>
      browser.request(action, {
        method: "POST",
        body: new URLSearchParams({ xsrf, ...form }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    return { page, html, confirm };
  };
  const { page, confirm } = await open();
  return { user, session, page, confirm, open };
}

describe("signing out from an app through Devicekeeper", () => {
  it("the page's form may lead back to the app: its policy allows the registered post-logout origin", async () => {
    const { page, confirm } = await signOutPage();
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self' http://127.0.0.1:9;");
    const answer = await confirm({});
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe(BACK);
  });

  it('"Sign out of <app> only" leaves the Devicekeeper session standing, and the history says the app signed out', async () => {
    const { user, session, confirm } = await signOutPage();
    await confirm({});
    expect(await db.session.findUniqueOrThrow({ where: { id: session.sessionId } })).toMatchObject({ revokedAt: null });
    const row = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "APP_SIGNED_OUT" } });
    expect(row).toMatchObject({ actorId: user.id, deviceId: session.deviceId, detail: { appName: "Wiki" } });
    const item = {
      ...row,
      createdAt: row.createdAt.toISOString(),
      by: "you",
      deviceName: "Chrome on macOS",
      unusual: false,
      location: null,
    };
    expect(describeActivity(item as ActivityItem)).toBe(
      "Signed out of “Wiki” on Chrome on macOS, from the app (still signed in to Devicekeeper there)",
    );
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "SIGN_OUT" } })).toBe(0);
  });

  it('"Sign out of <app> only" again, the app no longer signed in here (a stale link), writes nothing more', async () => {
    const { user, confirm, open } = await signOutPage();
    await confirm({});
    const again = await open();
    expect(again.html).toContain("Sign out of Wiki only");
    await again.confirm({});
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "APP_SIGNED_OUT" } })).toBe(1);
  });

  it('"Sign out of Devicekeeper and every app" ends the Devicekeeper session too, before the browser is sent on', async () => {
    const { user, session, confirm } = await signOutPage();
    const answer = await confirm({ logout: "yes" });
    expect(answer.headers.get("location")).toBe(BACK);
    expect(await db.session.findUniqueOrThrow({ where: { id: session.sessionId } })).toMatchObject({ revokedReason: "SIGNED_OUT" });
    expect(await db.oidcPayload.count({ where: { accountId: user.id } })).toBe(0);
    // The history names the app it signed out too.
    const signOutRow = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "SIGN_OUT" } });
    expect(signOutRow.detail).toMatchObject({ apps: ["Wiki"] });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "APP_SIGNED_OUT" } })).toBe(0);
  });
});
