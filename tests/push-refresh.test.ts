import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { MAX_MOBILE_AUTHENTICATORS, registerMobileAuthenticator } from "@/server/mfa/register-mobile-authenticator";
import { refreshPushDeviceId } from "@/server/mfa/refresh-push-device-id";
import { setPushSender, loggingPushSender } from "@/server/mfa/push-sender";
import { context, createUser } from "./factories";

const sign = (secret: string, claims: Record<string, unknown>, exp: string | number = "5m") =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(secret));

async function registered() {
  const user = await createUser();
  const sent: string[] = [];
  setPushSender({ send: async (m) => void sent.push(m.platformDeviceId) });
  const m = await registerMobileAuthenticator({
    actor: { userId: user.id, role: "USER", context: context() },
    userId: user.id,
    deviceId: null,
    input: { kind: "PUSH", data: { deviceName: "Pixel", platformDeviceId: "old-device-id", pushToken: "push-token-secret-123" } },
  });
  setPushSender(loggingPushSender);
  return { user, m, sent };
}

const platformId = async (id: string) => (await db.authenticator.findUniqueOrThrow({ where: { id } })).platformDeviceId;

describe("push registration and device-id refresh (Ping Identity AIC)", () => {
  it("registers, sends through the push sender, and stores the token and shared secret only encrypted", async () => {
    const { m, sent } = await registered();
    expect(sent).toEqual(["old-device-id"]);
    const row = await db.authenticator.findUniqueOrThrow({ where: { id: m.id } });
    expect(JSON.stringify(row)).not.toContain("push-token-secret-123");
    expect(JSON.stringify(row)).not.toContain(m.sharedSecret);
  });

  it("a JWT signed with the mechanism's secret updates the device id", async () => {
    const { user, m } = await registered();
    const jwt = await sign(m.sharedSecret, { deviceId: "new-device-id", mechanismUid: m.mechanismUid });
    expect(
      await refreshPushDeviceId({ mechanismUid: m.mechanismUid, username: user.email.toUpperCase(), jwt, context: context() }),
    ).toEqual({ result: true });
    expect(await platformId(m.id)).toBe("new-device-id");
  });

  it.each([
    ["a bad signature", async (s: string) => sign(`${s}x`, { deviceId: "evil" }), "UNAUTHENTICATED"],
    ["an expired JWT", async (s: string) => sign(s, { deviceId: "evil" }, Math.floor(Date.now() / 1000) - 3600), "UNAUTHENTICATED"],
    [
      "a JWT without expiry",
      async (s: string) => new SignJWT({ deviceId: "evil" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(s)),
      "UNAUTHENTICATED",
    ],
    [
      "alg none",
      async () =>
        `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"deviceId":"evil","exp":9999999999}').toString("base64url")}.`,
      "UNAUTHENTICATED",
    ],
    ["no deviceId claim", async (s: string) => sign(s, { other: 1 }), "INVALID_INPUT"],
  ])("refuses %s and changes nothing", async (_label, makeJwt, code) => {
    const { user, m } = await registered();
    const jwt = await makeJwt(m.sharedSecret);
    await expect(
      refreshPushDeviceId({ mechanismUid: m.mechanismUid, username: user.email, jwt, context: context() }),
    ).rejects.toMatchObject({ code });
    expect(await platformId(m.id)).toBe("old-device-id");
  });

  it("an unknown mechanism, or another user's name, is 'not found'", async () => {
    const { user, m } = await registered();
    const other = await createUser();
    const jwt = await sign(m.sharedSecret, { deviceId: "evil" });
    await expect(
      refreshPushDeviceId({ mechanismUid: crypto.randomUUID(), username: user.email, jwt, context: context() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      refreshPushDeviceId({ mechanismUid: m.mechanismUid, username: other.email, jwt, context: context() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await platformId(m.id)).toBe("old-device-id");
  });
});

describe("mobile authenticator registrations", () => {
  it("are capped per user and kind, even when they race", async () => {
    const user = await createUser();
    const actor = { userId: user.id, role: "USER" as const, context: context() };
    const push = (i: number) => ({
      kind: "PUSH" as const,
      data: { deviceName: `Phone ${i}`, platformDeviceId: `device-${i}`, pushToken: `token-${i}` },
    });
    const results = await Promise.allSettled(
      Array.from({ length: MAX_MOBILE_AUTHENTICATORS + 3 }, (_, i) =>
        registerMobileAuthenticator({ actor, userId: user.id, deviceId: null, input: push(i) }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_MOBILE_AUTHENTICATORS);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(3);
    for (const r of refused)
      expect(r.reason).toMatchObject({ code: "CONFLICT", userMessage: expect.stringContaining("remove one at /security") });
    expect(await db.authenticator.count({ where: { userId: user.id, kind: "PUSH" } })).toBe(MAX_MOBILE_AUTHENTICATORS);
    // The other kind has its own allowance.
    const binding = { kind: "BINDING" as const, data: { deviceName: "Bound", platformDeviceId: "bound-1", publicKey: "A".repeat(43) } };
    await expect(registerMobileAuthenticator({ actor, userId: user.id, deviceId: null, input: binding })).resolves.toMatchObject({
      deviceName: "Bound",
    });
  });
});
