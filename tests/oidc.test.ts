// The OpenID Provider over real HTTP (the front door on loopback), with openid-client 6 as the app:
// code + PKCE, ID token claims, userinfo, introspection, refresh with rotation, and where each row
// is bound; the rest is in oidc-flows (sign-in paths, refusals) and oidc-session-end (whatever ends a session).
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { listActivity } from "@/server/audit/list-activity";
import { describeActivity } from "@/lib/activity";
import { authorize, Browser, registerApp, signIn, startProvider, type Running } from "./oidc-support";
import { createUser } from "./factories";

let running: Running;

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
  running = await startProvider();
});
afterAll(async () => {
  await running.close();
});

describe("sign in with Devicekeeper", () => {
  it("the discovery document lists what is offered, and only that", async () => {
    const meta = (await (await fetch(`${running.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(meta).toMatchObject({
      issuer: running.issuer,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "none"],
      introspection_endpoint_auth_methods_supported: ["client_secret_basic", "none"],
      revocation_endpoint_auth_methods_supported: ["client_secret_basic", "none"],
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
      end_session_endpoint: `${running.issuer}/session/end`,
    });
    expect(meta).not.toHaveProperty("pushed_authorization_request_endpoint");
    expect(meta).not.toHaveProperty("dpop_signing_alg_values_supported");
  });

  it("code + PKCE: an ID token naming the user, the session and how they signed in; userinfo; introspection", async () => {
    const user = await createUser({ name: "Olive Idc" });
    const browser = new Browser(running.base);
    const session = await signIn(browser, user.email);
    const { config } = await registerApp(running, { firstParty: true, scopes: ["openid", "profile", "email", "offline_access"] });
    const { tokens } = await authorize(browser, config);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      iss: running.issuer,
      sub: user.id,
      email: user.email,
      email_verified: false,
      name: "Olive Idc",
      amr: ["pwd"],
      acr: "urn:devicekeeper:acr:password",
    });
    expect(typeof claims.sid).toBe("string");
    expect(tokens.refresh_token).toBeTruthy();
    expect(await client.fetchUserInfo(config, tokens.access_token, user.id)).toMatchObject({ sub: user.id, email: user.email });
    expect(await client.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true, sub: user.id });

    // Everything the provider stored hangs from the Devicekeeper session it came from.
    const rows = await db.oidcPayload.findMany({ where: { accountId: user.id } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows.filter((r) => ["Session", "Grant", "AccessToken", "RefreshToken"].includes(r.model)))
      expect(row.dkSessionId, row.model).toBe(session.sessionId);

    // Refresh rotates: the old refresh token is spent. Its ID token and userinfo say who the user is
    // now (read with the token, in the same statement), not who they were at sign-in.
    await db.user.update({ where: { id: user.id }, data: { name: "Olive Renamed", emailVerifiedAt: new Date() } });
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()).toMatchObject({ sub: user.id, email: user.email, email_verified: true, name: "Olive Renamed" });
    expect(await client.fetchUserInfo(config, refreshed.access_token, user.id)).toMatchObject({
      sub: user.id,
      email_verified: true,
      name: "Olive Renamed",
    });
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    // A spent refresh token used again means a copy is out there: the whole grant goes, the rotated
    // tokens with it (OAuth 2.0 Security BCP, refresh token reuse detection).
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    expect(await client.tokenIntrospection(config, refreshed.access_token)).toMatchObject({ active: false });
    // The user's history says so, once, on the device of that sign-in.
    const replayed = await db.auditEvent.findMany({ where: { userId: user.id, type: "APP_TOKEN_REPLAYED" } });
    expect(replayed).toEqual([
      expect.objectContaining({
        actorId: null,
        deviceId: session.deviceId,
        detail: expect.objectContaining({ grantType: "refresh_token" }),
      }),
    ]);
    const { items } = await listActivity({ userId: user.id, page: 1 });
    expect(items.map((i) => describeActivity(i))).toContainEqual(
      expect.stringMatching(
        /^“.+” was signed out on Chrome on macOS: a token it had already used came back from [\d.:]+ — someone may have a copy, so nothing from that sign-in works any more$/,
      ),
    );
  });
  it("a refresh token sent twice at once is redeemed once at most, and the second use revokes the sign-in (on two connections too)", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    await signIn(browser, user.email);
    const { config } = await registerApp(running, { firstParty: true, scopes: ["openid", "offline_access"] });
    const { tokens } = await authorize(browser, config, { scope: "openid offline_access", prompt: "consent" });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => client.refreshTokenGrant(config, tokens.refresh_token!)));
    const issued = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    // One redemption wins (the conditional update, or the first in line); every other is refused.
    expect(issued).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ error: "invalid_grant" });
    // Whatever the first redemption got is revoked with the grant.
    for (const t of issued) {
      await expect(client.refreshTokenGrant(config, t.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
      expect(await client.tokenIntrospection(config, t.access_token)).toEqual({ active: false });
    }
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "APP_TOKEN_REPLAYED" } })).toBeGreaterThanOrEqual(1);
  });
});
