// Rotating AUTH_SECRET: with the old one in AUTH_SECRET_PREVIOUS, sessions, TOTP secrets and
// recovery codes made under it keep working, and a secret read with it is sealed again with the new.
import { afterEach, describe, expect, it } from "vitest";
import { generate } from "otplib";
import { encode } from "next-auth/jwt";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { confirmTotpEnrolment } from "@/server/mfa/confirm-totp-enrolment";
import { startTotpEnrolment } from "@/server/mfa/start-totp-enrolment";
import { regenerateRecoveryCodes } from "@/server/mfa/recovery-codes";
import { openTotpSecret } from "@/server/mfa/totp";
import { resealSecrets } from "@/server/maintenance/reseal-secrets";
import { CLIENT_SECRET_PURPOSE, sealClientSecret } from "@/server/oidc/client-secret";
import { loadSigningKeys, SIGNING_KEY_PURPOSE } from "@/server/oidc/signing-keys";
import { openRotating, seal } from "@/server/crypto/secret-box";
import { WEBHOOK_SECRET_PURPOSE } from "@/server/webhooks/webhook-secret";
import { passwordStep } from "@/server/auth/sign-in-with-password";
import { completeMfaSignIn } from "@/server/auth/complete-mfa-sign-in";
import { decodeSessionToken } from "@/server/auth/session-token";
import { context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

const OLD = "old-secret-for-rotation-test-0123456789abcdef";
const NEW = "new-secret-for-rotation-test-0123456789abcdef";
const env = process.env as Record<string, string | undefined>;
const saved = { AUTH_SECRET: env.AUTH_SECRET, AUTH_SECRET_PREVIOUS: env.AUTH_SECRET_PREVIOUS };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
});

async function mfaSignIn(email: string, credentials: object) {
  const device = newDeviceToken();
  const step = await passwordStep({ credentials: { email, password: TEST_PASSWORD }, deviceToken: device, context: context() });
  if (step?.status !== "mfa-required") throw new Error(`expected the code step, got ${step?.status}`);
  return completeMfaSignIn({ challengeToken: step.challengeToken, deviceToken: device, credentials, context: context() });
}

describe("AUTH_SECRET rotation", () => {
  it("keeps sessions, TOTP secrets and recovery codes working, and re-seals what it reads", async () => {
    env.AUTH_SECRET = OLD;
    const user = await createUser();
    const actor: Actor = { userId: user.id, role: "USER", context: context() };
    const enrolment = await startTotpEnrolment({ userId: user.id, email: user.email, name: "Phone" });
    await confirmTotpEnrolment({
      actor,
      userId: user.id,
      deviceId: null,
      enrolmentToken: enrolment.enrolmentToken,
      code: await generate({ secret: enrolment.secret, epoch: Math.floor(Date.now() / 1000) - 30 }),
    });
    const [recovery] = await regenerateRecoveryCodes({ actor, userId: user.id });
    const cookie = await encode({ token: { sid: "a-session-id" }, secret: OLD });

    // Rotated without keeping the old secret: none of it can be read.
    env.AUTH_SECRET = NEW;
    const sealed = (await db.authenticator.findFirstOrThrow({ where: { userId: user.id, kind: "TOTP" } })).secretEnc;
    expect(openTotpSecret(sealed)).toBeNull();
    expect(await decodeSessionToken(cookie)).toBeNull();

    // With the old one listed, all of it works …
    env.AUTH_SECRET_PREVIOUS = OLD;
    expect(await decodeSessionToken(cookie)).toMatchObject({ sid: "a-session-id" });
    expect(openTotpSecret(sealed)).toEqual({ plaintext: enrolment.secret, stale: true });
    expect((await mfaSignIn(user.email, { method: "totp", code: await generate({ secret: enrolment.secret }) })).status).toBe("signed-in");
    expect((await mfaSignIn(user.email, { method: "recovery", code: recovery! })).status).toBe("signed-in");
    // … and the TOTP secret it used is now sealed with the new secret alone.
    delete env.AUTH_SECRET_PREVIOUS;
    const resealed = (await db.authenticator.findFirstOrThrow({ where: { userId: user.id, kind: "TOTP" } })).secretEnc;
    expect(openTotpSecret(resealed)).toEqual({ plaintext: enrolment.secret, stale: false });
  });

  it("re-seals every stored secret at once with npm run secrets:reseal: second factors, webhook secrets, client secrets, signing keys", async () => {
    env.AUTH_SECRET = OLD;
    const user = await createUser();
    const { secret, enrolmentToken } = await startTotpEnrolment({ userId: user.id, email: user.email, name: "Phone" });
    await confirmTotpEnrolment({
      actor: { userId: user.id, role: "USER", context: context() },
      userId: user.id,
      deviceId: null,
      enrolmentToken,
      code: await generate({ secret }),
    });
    // A webhook endpoint's signing secret (kept off: an enabled one would fill the outbox).
    const hookSecret = "whsec_" + "A".repeat(32);
    const hook = await db.webhookEndpoint.create({
      data: { url: "https://93.184.215.14/reseal", events: ["*"], enabled: false, secretEnc: seal(hookSecret, WEBHOOK_SECRET_PURPOSE) },
    });
    // An app's client secret, and the OpenID Provider's signing key (made at its first start).
    const clientSecret = "dks_" + "B".repeat(43);
    const app = await db.oidcClient.create({
      data: { name: "Wiki", redirectUris: ["https://wiki.example/cb"], scopes: ["openid"], ...sealClientSecret(clientSecret) },
    });
    const [key] = await loadSigningKeys();
    env.AUTH_SECRET = NEW;
    env.AUTH_SECRET_PREVIOUS = OLD;
    const first = await resealSecrets(db);
    // The authenticator, the endpoint, the app and the key: all sealed with the old secret alone.
    expect(first).toMatchObject({ resealed: 4, unreadable: 0 });
    expect(first.checked).toBeGreaterThanOrEqual(4);
    expect((await resealSecrets(db)).resealed).toBe(0); // nothing stale is left
    delete env.AUTH_SECRET_PREVIOUS;
    const appSealed = (await db.oidcClient.findUniqueOrThrow({ where: { id: app.id } })).secretEnc!;
    expect(openRotating(appSealed, CLIENT_SECRET_PURPOSE)).toEqual({ plaintext: clientSecret, stale: false });
    const keySealed = (await db.oidcSigningKey.findUniqueOrThrow({ where: { kid: key!.kid } })).jwkEnc;
    expect(JSON.parse(openRotating(keySealed, SIGNING_KEY_PURPOSE)!.plaintext)).toEqual(key);
    // The same key is still the one that signs: re-sealing changed how it is stored, not what it is.
    expect((await loadSigningKeys())[0]!.kid).toBe(key!.kid);
    const sealed = (await db.authenticator.findFirstOrThrow({ where: { userId: user.id, kind: "TOTP" } })).secretEnc;
    expect(openTotpSecret(sealed)).toEqual({ plaintext: secret, stale: false });
    const hookSealed = (await db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } })).secretEnc;
    expect(openRotating(hookSealed, WEBHOOK_SECRET_PURPOSE)).toEqual({ plaintext: hookSecret, stale: false });
    await db.webhookEndpoint.delete({ where: { id: hook.id } });
    await db.oidcClient.delete({ where: { id: app.id } });
  });
});
