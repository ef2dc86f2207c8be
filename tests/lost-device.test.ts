// "I lost this device" / "Lost device" (server/devices/mark-device-lost.ts): in one statement the
// device's sessions end (and the apps signed in through them, by the Session trigger), its trust
// and "remember me" are forgotten, every second factor enrolled on it is removed — and only
// those — with one DEVICE_LOST audit row; a second call changes nothing; another user is refused
// with the database unchanged. Also what the dialog says, the history line, the webhook and the email.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { markDeviceLost } from "@/server/devices/mark-device-lost";
import { listDevices } from "@/server/devices/list-devices";
import { listActivity } from "@/server/audit/list-activity";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";
import { secondFactorSetupReason } from "@/server/mfa/second-factor-setup-reason";
import { deleteUserAuthenticator, resetOath, resetPush } from "@/server/admin/reset-authenticators";
import { browserFactorsFor } from "@/server/mfa/second-factor-policy";
import { eventsOfTransaction } from "@/server/webhooks/webhook-events";
import { renderMail, type MailFacts } from "@/server/mail/messages";
import { deliverMail } from "@/server/mail/deliver-mail";
import { signInNowOf } from "@/server/mfa/second-factor-policy";
import { describeActivity } from "@/lib/activity";
import { lostDeviceMessage, lostDevicePlan } from "@/lib/lost-device";
import { describeSignIn } from "@/lib/sign-in-steps";
import { context, createUser, grantOn } from "./factories";

const DAY = 86_400_000;

/** Carol: a laptop she acts from (its authenticator app), and her iPhone — trusted, remembered, two sessions, an app signed in, push, binding and a passkey on it. */
async function world() {
  const carol = await createUser({ name: "Carol" });
  const userId = carol.id;
  const session = (deviceId: string) => db.session.create({ data: { userId, deviceId, expiresAt: new Date(Date.now() + DAY) } });
  const laptop = await db.device.create({ data: { userId, name: "Carol's MacBook" } });
  const laptopSession = await session(laptop.id);
  const phone = await db.device.create({
    data: { userId, name: "Carol's iPhone", type: "mobile", trustedAt: new Date(), rememberedUntil: new Date(Date.now() + 30 * DAY) },
  });
  const phoneSessions = [await session(phone.id), await session(phone.id)];
  const factor = (kind: "TOTP" | "WEBAUTHN" | "PUSH" | "BINDING", name: string, deviceId: string | null, at: number) =>
    db.authenticator.create({
      data: {
        userId,
        deviceId,
        kind,
        name,
        createdAt: new Date(Date.now() - at * DAY),
        ...(kind === "WEBAUTHN" && { credentialId: crypto.randomUUID() }),
        ...(kind === "PUSH" && { pushTokenEnc: "sealed", platformDeviceId: crypto.randomUUID() }),
      },
    });
  const totp = await factor("TOTP", "Authenticator app", laptop.id, 30);
  const push = await factor("PUSH", "Carol's iPhone (push)", phone.id, 20);
  const binding = await factor("BINDING", "Carol's iPhone (bound)", phone.id, 19);
  const passkey = await factor("WEBAUTHN", "iPhone passkey", phone.id, 18);
  const key = await factor("WEBAUTHN", "Security key", null, 10);
  // An app signed in on the phone: its grant hangs from the phone's first session.
  const app = await db.oidcClient.create({
    data: { name: "Team Wiki", redirectUris: ["https://wiki.example/cb"], postLogoutRedirectUris: [], scopes: ["openid"] },
  });
  const grant = { id: await grantOn({ userId, clientId: app.id, dkSessionId: phoneSessions[0]!.id }) };
  const owner: Actor = { userId, sessionId: laptopSession.id, role: "USER", context: context() };
  return { carol, userId, laptop, laptopSession, phone, phoneSessions, totp, push, binding, passkey, key, grant, owner };
}

const lostRows = (userId: string) => db.auditEvent.findMany({ where: { userId, type: "DEVICE_LOST" } });

describe("marking a device lost", () => {
  it("a user it leaves with no second factor is told what removed them: the lost device, an administrator, or both", async () => {
    const reason = async (userId: string) => secondFactorSetupReason(userId, await getSecurityOverview(userId));
    const adminUser = await createUser({ role: "ADMIN", name: "Ada Admin" });
    const admin: Actor = { userId: adminUser.id, role: "ADMIN", context: context() };

    // The phone lost (its three factors), then an administrator removes the rest: both did it.
    const w = await world();
    await markDeviceLost({ actor: w.owner, userId: w.userId, deviceId: w.phone.id });
    expect(await reason(w.userId)).toBeNull(); // the authenticator app and the security key are left
    await resetOath({ actor: admin, userId: w.userId });
    await deleteUserAuthenticator({ actor: admin, userId: w.userId, authenticatorId: w.key.id, kind: "WEBAUTHN" });
    expect(await reason(w.userId)).toBe("removed");

    // Only the lost phone took them (the others were gone before, without a trace of a reset).
    const v = await world();
    await db.authenticator.deleteMany({ where: { id: { in: [v.totp.id, v.key.id] } } });
    await markDeviceLost({ actor: v.owner, userId: v.userId, deviceId: v.phone.id });
    expect(await reason(v.userId)).toBe("device-lost");

    // Only an administrator: the lost phone took nothing (its factors had been reset before).
    const u = await world();
    await db.authenticator.deleteMany({ where: { id: { in: [u.push.id, u.binding.id, u.passkey.id] } } });
    await markDeviceLost({ actor: u.owner, userId: u.userId, deviceId: u.phone.id });
    await resetOath({ actor: admin, userId: u.userId });
    await deleteUserAuthenticator({ actor: admin, userId: u.userId, authenticatorId: u.key.id, kind: "WEBAUTHN" });
    expect(await reason(u.userId)).toBe("admin-reset");

    // The other order: an administrator removed them, then the user marks the phone lost — with
    // nothing left on it, that mark changes nothing and does not hide the notice.
    const t = await world();
    await db.authenticator.delete({ where: { id: t.binding.id } });
    await resetOath({ actor: admin, userId: t.userId });
    await resetPush({ actor: admin, userId: t.userId });
    for (const id of [t.passkey.id, t.key.id])
      await deleteUserAuthenticator({ actor: admin, userId: t.userId, authenticatorId: id, kind: "WEBAUTHN" });
    await markDeviceLost({ actor: t.owner, userId: t.userId, deviceId: t.phone.id });
    expect(await reason(t.userId)).toBe("admin-reset");

    // A reset that removed nothing is not blamed: the lost phone took them.
    const r = await world();
    await db.authenticator.deleteMany({ where: { id: { in: [r.totp.id, r.key.id] } } });
    await resetOath({ actor: admin, userId: r.userId }); // none left to remove
    await markDeviceLost({ actor: r.owner, userId: r.userId, deviceId: r.phone.id });
    expect(await reason(r.userId)).toBe("device-lost");
  });

  it("ends its sessions and their apps, forgets its trust, removes only its second factors, audited in one row", async () => {
    const w = await world();
    const other = await world(); // another user's phone and factors: untouched
    const before = await db.device.findUniqueOrThrow({ where: { id: w.phone.id } });

    const r = await markDeviceLost({ actor: w.owner, userId: w.userId, deviceId: w.phone.id });
    expect(r).toEqual({
      changed: true,
      sessionsEnded: 2,
      endedCurrentSession: false,
      apps: ["Team Wiki"],
      name: "Carol's iPhone",
      factorsRemoved: [
        { id: w.push.id, kind: "PUSH", name: "Carol's iPhone (push)" },
        { id: w.binding.id, kind: "BINDING", name: "Carol's iPhone (bound)" },
        { id: w.passkey.id, kind: "WEBAUTHN", name: "iPhone passkey" },
      ],
    });

    const sessions = await db.session.findMany({ where: { userId: w.userId } });
    for (const s of w.phoneSessions) expect(sessions.find((x) => x.id === s.id)).toMatchObject({ revokedReason: "DEVICE_LOST" });
    expect(sessions.find((x) => x.id === w.laptopSession.id)?.revokedAt).toBeNull();
    const phone = await db.device.findUniqueOrThrow({ where: { id: w.phone.id } });
    expect(phone).toMatchObject({ trustedAt: null, rememberedUntil: null, deletedAt: null, cookieHash: before.cookieHash });
    expect(phone.invalidatedAt).not.toBeNull(); // if it signs in again, it is a new device
    // The app signed in on it lost its grant with the session (the trigger on Session).
    expect(await db.oidcPayload.findUnique({ where: { model_id: { model: "Grant", id: w.grant.id } } })).toBeNull();

    const left = await db.authenticator.findMany({ where: { userId: w.userId }, orderBy: { createdAt: "asc" } });
    expect(left.map((a) => a.name)).toEqual(["Authenticator app", "Security key"]);
    expect(await db.authenticator.count({ where: { userId: other.userId } })).toBe(5);
    expect(await db.session.count({ where: { userId: other.userId, revokedAt: null } })).toBe(3);

    const [audit, ...more] = await lostRows(w.userId);
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ actorId: w.userId, deviceId: w.phone.id, ip: "203.0.113.9" });
    expect(audit!.detail).toEqual({
      deviceName: "Carol's iPhone",
      sessionsEnded: 2,
      apps: ["Team Wiki"],
      factorsRemoved: 3,
      factors: ["Carol's iPhone (push)", "Carol's iPhone (bound)", "iPhone passkey"],
      factorKinds: ["binding", "push", "webauthn"],
    });
    // What sign-in now asks: the authenticator app and the security key, never the phone.
    expect(await browserFactorsFor({ id: w.userId, mfaSkip: "NOT_SET" })).toEqual(["totp", "passkey"]);
  });

  it("the device says it is marked as lost until it signs in again, also when it had been treated as new before", async () => {
    const w = await world();
    const summary = async () => (await listDevices({ userId: w.userId, currentDeviceId: w.laptop.id, deviceId: w.phone.id }))[0]!;
    expect((await summary()).markedLostAt).toBeNull();
    // Treated as new first (nothing else to change but the mark): marking it lost still marks it.
    await db.device.update({ where: { id: w.phone.id }, data: { invalidatedAt: new Date(), trustedAt: null, rememberedUntil: null } });
    const r = await markDeviceLost({ actor: w.owner, userId: w.userId, deviceId: w.phone.id });
    expect(r.changed).toBe(true);
    const marked = await summary();
    expect(marked).toMatchObject({ isInvalidated: true, markedLostAt: expect.any(String) });
    expect((await markDeviceLost({ actor: w.owner, userId: w.userId, deviceId: w.phone.id })).changed).toBe(false);
    // It signs in again (re-established as a new device): no longer "marked as lost".
    await db.device.update({ where: { id: w.phone.id }, data: { reestablishedAt: new Date(Date.now() + 1000) } });
    expect((await summary()).markedLostAt).toBeNull();
  });

  it("a second call changes nothing and writes no audit row; a removed or unknown device is not found", async () => {
    const w = await world();
    await markDeviceLost({ actor: w.owner, userId: w.userId, deviceId: w.phone.id });
    const again = await markDeviceLost({ actor: w.owner, userId: w.userId, deviceId: w.phone.id });
    expect(again).toMatchObject({ changed: false, sessionsEnded: 0, factorsRemoved: [] });
    expect(await lostRows(w.userId)).toHaveLength(1);
    expect(lostDeviceMessage(again)).toBe("Carol's iPhone was already marked as lost.");

    await db.device.update({ where: { id: w.laptop.id }, data: { deletedAt: new Date() } });
    for (const deviceId of [w.laptop.id, crypto.randomUUID(), "not-a-uuid"]) {
      await expect(markDeviceLost({ actor: w.owner, userId: w.userId, deviceId })).rejects.toMatchObject({
        code: "NOT_FOUND",
        userMessage: "Device not found",
      });
    }
    expect(await lostRows(w.userId)).toHaveLength(1);
  });

  it("concurrent calls run one after the other: one does it, the other finds nothing left", async () => {
    const w = await world();
    const results = await Promise.all([1, 2].map(() => markDeviceLost({ actor: w.owner, userId: w.userId, deviceId: w.phone.id })));
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(results.reduce((n, r) => n + r.factorsRemoved.length, 0)).toBe(3);
    expect(await lostRows(w.userId)).toHaveLength(1);
  });

  it("another user is answered 'Device not found' and nothing changes, their own device id in hand or not", async () => {
    const w = await world();
    const mallory = await createUser();
    const malloryDevice = await db.device.create({ data: { userId: mallory.id, name: "Mallory's laptop" } });
    const actor: Actor = { userId: mallory.id, role: "USER", context: context() };
    const snapshot = async () => ({
      devices: await db.device.findMany({ where: { userId: { in: [w.userId, mallory.id] } }, orderBy: { id: "asc" } }),
      sessions: await db.session.findMany({ where: { userId: w.userId }, orderBy: { id: "asc" } }),
      authenticators: await db.authenticator.findMany({ where: { userId: w.userId }, orderBy: { id: "asc" } }),
      audit: await db.auditEvent.count(),
      mail: await db.mailOutbox.count(),
    });
    const before = await snapshot();
    for (const [userId, deviceId] of [
      [w.userId, w.phone.id], // names Carol: not theirs to act for
      [mallory.id, w.phone.id], // Carol's device under their own id: not in the where
      [w.userId, malloryDevice.id],
    ] as const) {
      await expect(markDeviceLost({ actor, userId, deviceId })).rejects.toMatchObject({
        code: "NOT_FOUND",
        userMessage: "Device not found",
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("an administrator may; the history names them, the webhook is device.untrusted with lost: true, and the user is emailed", async () => {
    const w = await world();
    const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
    const r = await markDeviceLost({
      actor: { userId: admin.id, role: "ADMIN", context: context() },
      userId: w.userId,
      deviceId: w.phone.id,
    });
    expect(lostDeviceMessage(r)).toBe(
      "Carol's iPhone marked as lost — 2 sessions ended, 3 second factors removed. Also signed out of Team Wiki.",
    );

    const { items } = await listActivity({ userId: w.userId, page: 1, filter: { kind: "second-factors" } });
    expect(items.map((i) => describeActivity(i))).toEqual([
      "Ada Admin marked Carol's iPhone as lost — 2 sessions ended; second factors removed: “Carol's iPhone (push)”, “Carol's iPhone (bound)”, “iPhone passkey”; also signed out of “Team Wiki”",
    ]);
    expect(describeActivity(items[0]!, "Carol")).toMatch(/^Ada Admin marked Carol's iPhone as lost/);

    const [audit] = await lostRows(w.userId);
    const row = {
      seq: 1n,
      txid: 1n,
      userId: w.userId,
      deviceId: w.phone.id,
      occurredAt: new Date(0),
      auditType: null,
      actorId: null,
      detail: {},
      sessionId: null,
      reason: null,
    };
    const events = eventsOfTransaction([
      { ...row, source: "session.revoked", sessionId: w.phoneSessions[0]!.id, reason: "DEVICE_LOST" },
      { ...row, source: "audit", auditType: "DEVICE_LOST", actorId: admin.id, detail: audit!.detail as Record<string, unknown> },
    ]);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ["session.revoked", expect.objectContaining({ reason: "device_lost", actor: { type: "admin", id: admin.id } })],
      [
        "device.untrusted",
        expect.objectContaining({
          lost: true,
          factors_removed: 3,
          factor_kinds: ["binding", "push", "webauthn"],
          actor: { type: "admin", id: admin.id },
        }),
      ],
    ]);

    const mail = await db.mailOutbox.findMany({ where: { userId: w.userId } });
    expect(mail.map((m) => [m.kind, m.auditEventId])).toEqual([["device-lost", audit!.id]]);
  });

  it("emails the user about their own marking only when second factors went, as a removed factor is", async () => {
    const w = await world();
    await markDeviceLost({ actor: w.owner, userId: w.userId, deviceId: w.phone.id });
    const noFactors = await db.device.create({ data: { userId: w.userId, name: "Old laptop", trustedAt: new Date() } });
    await markDeviceLost({ actor: w.owner, userId: w.userId, deviceId: noFactors.id });
    expect((await db.mailOutbox.findMany({ where: { userId: w.userId } })).map((m) => m.kind)).toEqual(["device-lost"]);
    // Sent, it says what signing in asks for now: the authenticator app and the security key stayed.
    await deliverMail({ mode: "capture", limit: 1000, signInNow: signInNowOf });
    const [sent] = await db.mailOutbox.findMany({ where: { userId: w.userId } });
    expect(sent!.text).toContain("From now on, signing in asks for your password, then a code from the authenticator app");
    // The app signed in on the phone, from the history row the email is written from.
    expect(sent!.text).toContain("The app signed in on it was signed out too: Team Wiki.");
    expect(sent!.text).toMatch(/See your second factors: \S+\/security/);

    // Turned off: an administrator's marking follows "an administrator's action", the user's own "second factors".
    const v = await world();
    await db.user.update({ where: { id: v.userId }, data: { emailOnSecondFactor: false } });
    await markDeviceLost({ actor: v.owner, userId: v.userId, deviceId: v.phone.id });
    expect(await db.mailOutbox.count({ where: { userId: v.userId } })).toBe(0);
  });
});

describe("what the confirmation says", () => {
  it("lists what goes and what stays, and the next sign-in by the rule sign-in follows", async () => {
    const w = await world();
    const [phone] = await listDevices({ userId: w.userId, currentDeviceId: w.laptop.id, deviceId: w.phone.id });
    const plan = lostDevicePlan(phone!, await getSecurityOverview(w.userId), "Carol");
    expect(plan.goes).toEqual([
      "2 active sessions on it end at once",
      "It is signed out of Team Wiki, which it signed in to with Devicekeeper",
      "Its trust and “remember me” are forgotten: if it signs in again, it counts as a new device",
      "The push registration “Carol's iPhone (push)”",
      "The bound-device registration “Carol's iPhone (bound)”",
      "The passkey “iPhone passkey”",
    ]);
    expect(plan.stays).toEqual([
      "The authenticator app “Authenticator app” (on Carol's MacBook)",
      "The passkey “Security key”",
      "Carol's other devices, still signed in",
    ]);
    expect(plan.nextSignIn).toBe(
      "After this, signing in as Carol asks for their password, then a code from the authenticator app or a passkey or security key.",
    );
    expect(plan.setUpNew).toBeNull();
    // And what it said is what sign-in then asks.
    await markDeviceLost({ actor: w.owner, userId: w.userId, deviceId: w.phone.id });
    const methods = await browserFactorsFor({ id: w.userId, mfaSkip: "NOT_SET" });
    expect(`After this, ${describeSignIn(methods, "Carol").replace(/^S/, "s")}`).toBe(plan.nextSignIn);
  });

  it("says so plainly when no second factor is left", async () => {
    const w = await world();
    await db.authenticator.deleteMany({ where: { id: { in: [w.totp.id, w.key.id] } } });
    const [phone] = await listDevices({ userId: w.userId, currentDeviceId: null, deviceId: w.phone.id });
    const security = await getSecurityOverview(w.userId);
    expect(lostDevicePlan(phone!, security, "Carol")).toMatchObject({
      stays: ["Carol's other devices, still signed in"],
      nextSignIn: "After this, signing in as Carol asks for their password only: there is no second step.",
      setUpNew: "No second factor is left: ask Carol to set up a new one afterwards.",
    });
    expect(lostDevicePlan(phone!, security).setUpNew).toBe("No second factor is left: set up a new one on the Security page afterwards.");
  });
});

describe("the email", () => {
  const facts = (over: Partial<MailFacts["what"]>, actorName: string | null): MailFacts => ({
    kind: "device-lost",
    to: { email: "carol@example.com", name: "Carol" },
    at: new Date("2026-12-04T10:00:00Z"),
    device: "Chrome 141 on macOS",
    ip: "203.0.113.9",
    place: null,
    unusualCountry: false,
    actorName,
    what: { deviceName: "Carol's iPhone", sessionsEnded: 1, factors: ["Carol's iPhone (push)"], ...over },
    links: {
      forgotPassword: "https://dk.test/forgot-password",
      security: "https://dk.test/security",
      devices: "https://dk.test/devices",
      apps: "https://dk.test/apps",
      preferences: "https://dk.test/security#email-alerts",
    },
  });

  it("names who did it, the device, the sessions and the second factors that went", () => {
    const byAdmin = renderMail(facts({}, "Ada Admin"));
    expect(byAdmin.subject).toBe("An administrator marked one of your devices as lost");
    expect(byAdmin.text).toContain("Ada Admin marked “Carol's iPhone” as lost. It was signed out (1 session ended)");
    expect(byAdmin.text).toContain("The second factors set up on it were removed: “Carol's iPhone (push)”.");
    expect(byAdmin.text).toContain("Set up a new second factor: https://dk.test/security");
    expect(byAdmin.text).not.toContain("Chrome 141"); // the administrator's browser is not the user's business
    expect(byAdmin.text).not.toContain("signed out too");
    expect(renderMail(facts({ apps: ["Grafana", "Team Wiki"] }, "Ada Admin")).text).toContain(
      "The apps signed in on it were signed out too: Grafana and Team Wiki.",
    );
    // Read from the account when sent: a second factor left is named, with nothing to set up again.
    const left = renderMail(
      facts(
        { signInNow: { sentence: "Signing in asks for your password, then a passkey or security key.", secondFactorLeft: true } },
        "Ada Admin",
      ),
    );
    expect(left.text).toContain("From now on, signing in asks for your password, then a passkey or security key.");
    expect(left.text).toContain("See your second factors: https://dk.test/security");
    expect(left.text).not.toContain("Set up a new second factor");
    const own = renderMail(facts({ byUser: true, factors: [] }, null));
    expect(own.subject).toBe("You marked one of your devices as lost");
    expect(own.text).toContain("You marked “Carol's iPhone” as lost.");
    // The browser it was done from is called that, not "Device" right under the lost device's name.
    expect(own.text).toMatch(/Marked from: Chrome 141 on macOS/);
    expect(own.text).not.toMatch(/^Device:/m);
    expect(own.text).not.toContain("second factors set up on it");
    expect(own.text).toContain("If this wasn't you, reset your password now");
  });
});
