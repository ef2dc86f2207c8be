// Rotating the OpenID provider's signing keys (`npm run oidc:rotate-keys`) while it runs: the
// running provider is notified and signs with the new key at once; the JWKS publishes both keys
// for the overlap, so what the old key signed still verifies; after it, only the new one.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "@/server/db/listen";
import { logoutToken } from "@/server/oidc/logout-outbox";
import { refreshSigningKeys, signingKeysRotated } from "@/server/oidc/provider";
import { KEYS_CHANNEL, rotateSigningKey } from "@/server/oidc/signing-keys";
import { authorize, Browser, registerApp, signIn, startProvider, type Running } from "./oidc-support";
import { createUser } from "./factories";

let running: Running;
beforeAll(async () => {
  running = await startProvider();
});
afterAll(() => running.close());

/** The key ids the provider publishes now, in its order (the signing key first). */
const publishedKids = async () =>
  ((await (await fetch(`${running.issuer}/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
/** Verifies as an app does, with the JWKS fetched now. */
const verify = (token: string, audience: string) =>
  jwtVerify(token, createRemoteJWKSet(new URL(`${running.issuer}/jwks`)), { issuer: running.issuer, audience });
const kidOf = (token: string) => decodeProtectedHeader(token).kid;

describe("rotating the signing keys", () => {
  it("a rotation whose notification was lost is noticed within a minute", async () => {
    const now = new Date();
    expect(await refreshSigningKeys(now)).toBe(0);
    const { created } = await rotateSigningKey(now);
    expect(await refreshSigningKeys(new Date(now.getTime() + 30_000))).toBe(0);
    expect((await publishedKids())[0]).not.toBe(created);
    expect(await refreshSigningKeys(new Date(now.getTime() + 61_000))).toBe(1);
    expect((await publishedKids())[0]).toBe(created);
  });

  it("the running provider signs with the new key at once; the old one verifies until the overlap ends, then leaves the JWKS", async () => {
    const user = await createUser();
    const browser = new Browser(running.base);
    await signIn(browser, user.email);
    const { app, config } = await registerApp(running, { firstParty: true, scopes: ["openid"] });
    const before = (await authorize(browser, config, { scope: "openid" })).tokens.id_token!;
    const oldKid = kidOf(before);
    expect((await publishedKids())[0]).toBe(oldKid);

    let notified!: () => void;
    const notification = new Promise<void>((resolve) => (notified = resolve));
    const unlisten = await listen({ [KEYS_CHANNEL]: () => notified() });
    const rotatedAt = new Date();
    const { created, retired, publishedUntil } = await rotateSigningKey(rotatedAt);
    expect(retired).toEqual([oldKid]);
    expect(publishedUntil.getTime() - rotatedAt.getTime()).toBe(7 * 86_400_000); // OIDC_KEY_OVERLAP_DAYS' default
    await notification; // what scripts/serve.ts listens for: it marks the keys rotated and wakes the worker
    await unlisten();
    signingKeysRotated();
    expect(await refreshSigningKeys()).toBe(1);

    expect((await publishedKids()).slice(0, 2)).toEqual([created, oldKid]);
    const after = (await authorize(browser, config, { scope: "openid" })).tokens.id_token!;
    expect(kidOf(after)).toBe(created);
    expect(kidOf(await logoutToken({ clientId: app.clientId, sub: user.id, sid: null }))).toBe(created);
    expect((await verify(after, app.clientId)).payload.sub).toBe(user.id);
    expect((await verify(before, app.clientId)).payload.sub).toBe(user.id);

    // Unchanged keys: nothing to do (and, without a notification, checked at most once a minute).
    signingKeysRotated();
    expect(await refreshSigningKeys()).toBe(0);

    // The overlap is over: the running provider drops the old key by itself, and what it signed no longer verifies.
    expect(await refreshSigningKeys(new Date(publishedUntil.getTime() + 1_000))).toBe(1);
    expect(await publishedKids()).toEqual([created]);
    await expect(verify(before, app.clientId)).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
    expect((await verify(after, app.clientId)).payload.sub).toBe(user.id);
  });
});
