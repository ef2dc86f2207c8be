import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { passwordStep } from "@/server/auth/sign-in-with-password";
import { completeMfaSignIn } from "@/server/auth/complete-mfa-sign-in";
import { startTotpEnrolment } from "@/server/mfa/start-totp-enrolment";
import { confirmTotpEnrolment } from "@/server/mfa/confirm-totp-enrolment";
import { regenerateRecoveryCodes } from "@/server/mfa/recovery-codes";
import { removeAuthenticator } from "@/server/mfa/remove-authenticator";
import { untrustDevice } from "@/server/devices/untrust-device";
import { browserFactorsFor } from "@/server/mfa/second-factor-policy";
import { context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

const STEP = 30;
const codeAt = (secret: string, offsetSteps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * STEP });

/** A user with an authenticator app enrolled through the real enrolment path. */
async function userWithTotp() {
  const user = await createUser();
  const actor: Actor = { userId: user.id, role: "USER", context: context() };
  const enrolment = await startTotpEnrolment({ userId: user.id, email: user.email, name: "Phone" });
  // Enrol with the previous step's code, so the current one is still fresh for the sign-in below.
  await confirmTotpEnrolment({
    actor,
    userId: user.id,
    deviceId: null,
    enrolmentToken: enrolment.enrolmentToken,
    code: await codeAt(enrolment.secret, -1),
  });
  return { user, actor, secret: enrolment.secret };
}

async function challenge(email: string, deviceToken: string) {
  const r = await passwordStep({ credentials: { email, password: TEST_PASSWORD }, deviceToken, context: context() });
  expect(r?.status).toBe("mfa-required");
  return r!.status === "mfa-required" ? r!.challengeToken : "";
}

const second = (challengeToken: string, deviceToken: string, credentials: object) =>
  completeMfaSignIn({ challengeToken, deviceToken, credentials, context: context() });

describe("TOTP enrolment", () => {
  it("needs a first valid code; a wrong code or someone else's token saves nothing", async () => {
    const user = await createUser();
    const other = await createUser();
    const actor: Actor = { userId: user.id, role: "USER", context: context() };
    const e = await startTotpEnrolment({ userId: user.id, email: user.email, name: "Phone" });
    expect(e.otpauthUri).toContain("otpauth://totp/");
    expect(e.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    await expect(
      confirmTotpEnrolment({ actor, userId: user.id, deviceId: null, enrolmentToken: e.enrolmentToken, code: "000000" }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      confirmTotpEnrolment({
        actor: { ...actor, userId: other.id },
        userId: other.id,
        deviceId: null,
        enrolmentToken: e.enrolmentToken,
        code: await codeAt(e.secret),
      }),
    ).rejects.toMatchObject({ userMessage: "This setup is not valid. Start again." });
    expect(await db.authenticator.count({ where: { userId: { in: [user.id, other.id] } } })).toBe(0);
    await confirmTotpEnrolment({ actor, userId: user.id, deviceId: null, enrolmentToken: e.enrolmentToken, code: await codeAt(e.secret) });
    expect(await db.authenticator.count({ where: { userId: user.id, kind: "TOTP" } })).toBe(1);
  });
});

describe("sign-in with a second factor", () => {
  it("asks for a code; a valid one signs in once and cannot be replayed", async () => {
    const { user, secret } = await userWithTotp();
    const device = newDeviceToken();
    const code = await codeAt(secret);
    const ok = await second(await challenge(user.email, device), device, { method: "totp", code });
    expect(ok.status).toBe("signed-in");
    const d = await db.device.findFirstOrThrow({ where: { userId: user.id } });
    expect(d.lastVerificationMethod).toBe("AUTHENTICATOR_APP");
    expect(d.rememberedUntil).toBeNull();
    // The same code again, on a fresh challenge: a replay.
    expect((await second(await challenge(user.email, device), device, { method: "totp", code })).status).toBe("invalid");
  });

  it("'remember this device' skips the code next time; untrust brings it back", async () => {
    const { user, actor, secret } = await userWithTotp();
    const planted = newDeviceToken(); // whatever the browser held before: here, a value someone else knows
    const r = await second(await challenge(user.email, planted), planted, { method: "totp", code: await codeAt(secret), remember: "true" });
    if (r.status !== "signed-in") throw new Error(r.status);
    const device = r.session.deviceToken; // the fresh cookie the sign-in handed out
    expect(device).not.toBe(planted);
    const remembered = await db.device.findFirstOrThrow({ where: { userId: user.id } });
    expect(remembered.rememberedUntil!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(remembered.trustedAt).not.toBeNull();
    // The value the browser held before is not this remembered device: it still gets the code step.
    await challenge(user.email, planted);
    const again = await passwordStep({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: device,
      context: context(),
    });
    expect(again?.status).toBe("signed-in");
    // Another browser is not remembered.
    await challenge(user.email, newDeviceToken());
    await untrustDevice({ actor, userId: user.id, deviceId: remembered.id });
    await challenge(user.email, again?.status === "signed-in" ? again.session.deviceToken : device);
  });

  it("a recovery code works exactly once", async () => {
    const { user, actor } = await userWithTotp();
    const [code] = await regenerateRecoveryCodes({ actor, userId: user.id });
    const device = newDeviceToken();
    expect((await second(await challenge(user.email, device), device, { method: "recovery", code: code!.toLowerCase() })).status).toBe(
      "signed-in",
    );
    expect((await db.device.findFirstOrThrow({ where: { userId: user.id } })).lastVerificationMethod).toBe("RECOVERY_CODE");
    expect((await second(await challenge(user.email, device), device, { method: "recovery", code })).status).toBe("invalid");
  });

  it("a challenge belongs to the browser that answered the password", async () => {
    const { user, secret } = await userWithTotp();
    const token = await challenge(user.email, newDeviceToken());
    expect((await second(token, newDeviceToken(), { method: "totp", code: await codeAt(secret) })).status).toBe("expired");
    expect((await second("forged", newDeviceToken(), { method: "totp", code: "123456" })).status).toBe("expired");
    expect((await second(undefined as unknown as string, newDeviceToken(), { method: "totp", code: "123456" })).status).toBe("expired");
  });

  it("five wrong codes in ten minutes lock the account's second step, even for the right code", async () => {
    const { user, secret } = await userWithTotp();
    const device = newDeviceToken();
    for (let i = 0; i < 5; i++) {
      expect((await second(await challenge(user.email, device), device, { method: "totp", code: "000000" })).status).toBe("invalid");
    }
    expect((await second(await challenge(user.email, device), device, { method: "totp", code: await codeAt(secret) })).status).toBe(
      "rate-limited",
    );
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("parallel wrong codes cannot slip past the limit; the refusals are audited once", async () => {
    const { user } = await userWithTotp();
    const device = newDeviceToken();
    const challenges = await Promise.all(Array.from({ length: 9 }, () => challenge(user.email, device)));
    const ip = `198.18.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`; // a client of its own: the per-IP limit is 10
    const results = await Promise.all(
      challenges.map((c) =>
        completeMfaSignIn({
          challengeToken: c,
          deviceToken: device,
          credentials: { method: "totp", code: "000000" },
          context: context(undefined, ip),
        }),
      ),
    );
    expect(results.filter((r) => r.status === "invalid")).toHaveLength(5);
    expect(results.filter((r) => r.status === "rate-limited")).toHaveLength(4);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "MFA_CHALLENGE_FAILED" } })).toBe(5);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "MFA_RATE_LIMITED" } })).toBe(1);
  });

  it("the skip option: SKIPPABLE lets the password suffice; NOT_SET and NOT_SKIPPABLE ask", async () => {
    const { user } = await userWithTotp();
    const step = () =>
      passwordStep({ credentials: { email: user.email, password: TEST_PASSWORD }, deviceToken: newDeviceToken(), context: context() });
    for (const [mfaSkip, status] of [
      ["NOT_SET", "mfa-required"],
      ["NOT_SKIPPABLE", "mfa-required"],
      ["SKIPPABLE", "signed-in"],
    ] as const) {
      await db.user.update({ where: { id: user.id }, data: { mfaSkip } });
      expect((await step())?.status).toBe(status);
    }
  });

  it("after the last authenticator is removed, the password is enough", async () => {
    const { user, actor } = await userWithTotp();
    const [a] = await db.authenticator.findMany({ where: { userId: user.id } });
    await removeAuthenticator({ actor, userId: user.id, authenticatorId: a!.id });
    await expect(removeAuthenticator({ actor, userId: user.id, authenticatorId: a!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(
      (
        await passwordStep({
          credentials: { email: user.email, password: TEST_PASSWORD },
          deviceToken: newDeviceToken(),
          context: context(),
        })
      )?.status,
    ).toBe("signed-in");
  });
});

describe("secrets at rest", () => {
  it("no TOTP secret, recovery code or challenge token is stored in plain text", async () => {
    const { user, actor, secret } = await userWithTotp();
    const codes = await regenerateRecoveryCodes({ actor, userId: user.id });
    const r = await passwordStep({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(),
    });
    const challengeToken = r?.status === "mfa-required" ? r.challengeToken : "";
    expect(challengeToken).not.toBe("");
    // Every text column of every table, as the database would hand it to anyone who can read it.
    const tables = ["User", "Device", "Session", "AuditEvent", "Authenticator", "RecoveryCode", "MfaChallenge"];
    const dump = (await Promise.all(tables.map((t) => db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${t}"`))))
      .map((rows) => JSON.stringify(rows))
      .join("\n");
    expect(dump).not.toContain(secret);
    for (const c of codes) {
      expect(dump).not.toContain(c);
      expect(dump).not.toContain(c.replaceAll("-", ""));
    }
    expect(dump).not.toContain(challengeToken);
  });
});

describe("which second factors a browser sign-in asks for (one statement)", () => {
  it("counts only what can be passed: a reachable push, unused recovery codes beside a factor, a live temporary code", async () => {
    const user = await createUser();
    const ask = () => browserFactorsFor({ id: user.id, mfaSkip: "NOT_SET" });
    const add = (kind: "TOTP" | "WEBAUTHN" | "PUSH" | "BINDING", extra = {}) =>
      db.authenticator.create({ data: { userId: user.id, kind, name: kind, ...extra } });
    const code = (hash: string, at: { usedAt?: Date; expiresAt: Date }) =>
      db.temporaryAccessCode.create({ data: { userId: user.id, codeHash: hash, ...at } });

    // A bound device, a push without its token or without its phone's id, spent or expired codes: nothing to ask.
    await add("BINDING");
    await add("PUSH", { platformDeviceId: "no-token" });
    await add("PUSH", { pushTokenEnc: "sealed" });
    await code(`spent-${user.id}`, { usedAt: new Date(), expiresAt: new Date(Date.now() + 60_000) });
    await code(`expired-${user.id}`, { expiresAt: new Date(Date.now() - 1000) });
    expect(await ask()).toEqual([]);

    // An authenticator app: a used recovery code beside it does not count.
    await add("TOTP");
    await db.recoveryCode.create({ data: { userId: user.id, codeHash: `used-${user.id}`, usedAt: new Date() } });
    expect(await ask()).toEqual(["totp"]);

    // A reachable push and a passkey; an unused recovery code counts; a live temporary code comes first.
    await add("PUSH", { pushTokenEnc: "sealed", platformDeviceId: "phone" });
    await add("WEBAUTHN", { credentialId: `cred-${user.id}` });
    await db.recoveryCode.create({ data: { userId: user.id, codeHash: `left-${user.id}` } });
    expect(await ask()).toEqual(["totp", "passkey", "push", "recovery"]);
    await code(`live-${user.id}`, { expiresAt: new Date(Date.now() + 60_000) });
    expect(await ask()).toEqual(["temporary-code", "totp", "passkey", "push", "recovery"]);
    // The administrator let this user skip the second step.
    expect(await browserFactorsFor({ id: user.id, mfaSkip: "SKIPPABLE" })).toEqual([]);
  });
});
