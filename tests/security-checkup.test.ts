// The security checkup (server/security/security-checkup.ts): each item appears when its cause is
// there and goes when it is fixed — no second factor, no recovery codes, a device not used for 90
// days (signed out from the checkup: one transaction, an audit row per device), a new device not
// confirmed, an unusual-country sign-in not reviewed (answered, or its device signed out or
// removed), a password not changed since a "This wasn't me" — "all good" when none is left;
// another user's data never shows; an administrator may read it, another plain user may not.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { getSecurityCheckup } from "@/server/security/security-checkup";
import { signOutStaleDevices } from "@/server/devices/sign-out-stale-devices";
import { confirmDevice } from "@/server/devices/confirm-device";
import { untrustDevice } from "@/server/devices/untrust-device";
import { deleteDevice } from "@/server/devices/delete-device";
import type { CheckupKind } from "@/lib/security-checkup";
import { context, createUser, grantOn } from "./factories";

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

/** A user who has done everything: an authenticator app, recovery codes, and the laptop they read it on. */
async function secured(name = "Dana") {
  const user = await createUser({ name });
  const userId = user.id;
  const laptop = await db.device.create({ data: { userId, name: "Laptop", createdAt: ago(10), lastSeenAt: new Date() } });
  const session = await db.session.create({ data: { userId, deviceId: laptop.id, expiresAt: new Date(Date.now() + DAY) } });
  await db.authenticator.create({ data: { userId, kind: "TOTP", name: "Authenticator app" } });
  await db.recoveryCode.create({ data: { userId, codeHash: `hash-${userId}` } });
  const actor: Actor = { userId, sessionId: session.id, role: "USER", context: context() };
  const checkup = async () => getSecurityCheckup({ actor, userId, currentDeviceId: laptop.id });
  const kinds = async () => (await checkup()).items.map((i) => i.kind);
  return { user, userId, laptop, actor, checkup, kinds };
}

/** A device of the user's, signed in (a live session) unless told otherwise. */
async function device(userId: string, data: { name: string; createdAt?: Date; lastSeenAt?: Date | null; trustedAt?: Date }, live = true) {
  const d = await db.device.create({ data: { userId, ...data } });
  if (live) await db.session.create({ data: { userId, deviceId: d.id, expiresAt: new Date(Date.now() + DAY) } });
  return d;
}

const unusualSignIn = (userId: string, deviceId: string, createdAt = new Date()) =>
  db.auditEvent.create({
    data: {
      actorId: userId,
      userId,
      deviceId,
      type: "SIGN_IN",
      createdAt,
      detail: { method: "PASSWORD", newDevice: true, location: "Paris, France", country: "FR", unusualCountry: true },
    },
  });

describe("the security checkup", () => {
  it("all good: a second factor, recovery codes and nothing waiting", async () => {
    const { kinds } = await secured();
    expect(await kinds()).toEqual([]);
  });

  it("no second factor → add one (the set-up link); with one but no recovery codes → create them; then all good", async () => {
    const user = await createUser();
    const userId = user.id;
    const actor: Actor = { userId, role: "USER", context: context() };
    const checkup = () => getSecurityCheckup({ actor, userId });
    const first = (await checkup()).items;
    expect(first.map((i) => i.kind)).toEqual<CheckupKind[]>(["second-factor"]);
    expect(first[0]).toMatchObject({
      severity: "medium",
      title: "Add a second factor",
      fix: { label: "Add an authenticator app", href: "/security?add=authenticator-app#authenticator-app" },
    });
    expect(first[0]!.detail).toContain("Signing in asks for your password only");

    await db.authenticator.create({ data: { userId, kind: "TOTP", name: "Authenticator app" } });
    const second = (await checkup()).items;
    expect(second.map((i) => i.kind)).toEqual<CheckupKind[]>(["recovery-codes"]);
    expect(second[0]!.fix).toEqual({ label: "Create recovery codes", href: "/security#recovery-codes" });

    const code = await db.recoveryCode.create({ data: { userId, codeHash: "h1" } });
    expect((await checkup()).items).toEqual([]);
    // Used up: asked again.
    await db.recoveryCode.update({ where: { id: code.id }, data: { usedAt: new Date() } });
    expect((await checkup()).items[0]!.detail).toContain("You have used all your recovery codes.");
  });

  it("a push phone the server cannot reach is no second factor; an administrator's skip option does not hide the advice", async () => {
    const user = await createUser();
    const actor: Actor = { userId: user.id, role: "USER", context: context() };
    await db.authenticator.create({ data: { userId: user.id, kind: "PUSH", name: "Phone (push)" } });
    expect((await getSecurityCheckup({ actor, userId: user.id })).items.map((i) => i.kind)).toEqual(["second-factor"]);
    await db.user.update({ where: { id: user.id }, data: { mfaSkip: "SKIPPABLE" } });
    expect((await getSecurityCheckup({ actor, userId: user.id })).items.map((i) => i.kind)).toEqual(["second-factor"]);
  });

  it("devices not used for 90 days, still signed in or remembered, are offered to be signed out — and are, in one go", async () => {
    const { userId, actor, laptop, checkup, kinds } = await secured();
    const old = await device(userId, { name: "Old tablet", createdAt: ago(200), lastSeenAt: ago(120) });
    const remembered = await device(userId, { name: "Old desktop", createdAt: ago(300), lastSeenAt: ago(91), trustedAt: ago(300) }, false);
    await device(userId, { name: "Recent phone", createdAt: ago(200), lastSeenAt: ago(80) });
    await device(userId, { name: "Signed-out netbook", createdAt: ago(400), lastSeenAt: ago(200) }, false);
    // The browser in hand is never "not used", whatever its row says.
    await db.device.update({ where: { id: laptop.id }, data: { lastSeenAt: ago(100) } });
    // The old tablet is still signed in to an app.
    const app = await db.oidcClient.create({
      data: { name: "Team Wiki", redirectUris: ["https://wiki.example/cb"], postLogoutRedirectUris: [], scopes: ["openid"] },
    });
    const tabletSession = await db.session.findFirstOrThrow({ where: { deviceId: old.id } });
    await grantOn({ userId, clientId: app.id, dkSessionId: tabletSession.id });

    const [item] = (await checkup()).items;
    expect(item).toMatchObject({ kind: "stale-devices", severity: "medium", title: "2 devices not used for 90 days" });
    expect(item!.devices.map((d) => d.name).sort()).toEqual(["Old desktop", "Old tablet"]);
    // The confirmation names the app signed in on the tablet: it is signed out with it.
    expect(item!.apps).toEqual(["Team Wiki"]);
    expect(item!.detail).toBe("Old desktop and Old tablet are still signed in or remembered. Sign them out if you no longer use them.");

    const before = await db.auditEvent.count({ where: { userId, type: "DEVICE_UNTRUSTED" } });
    // The laptop's id sent too (a tampered request): it is the caller's own device, left alone.
    const result = await signOutStaleDevices({
      actor,
      userId,
      deviceIds: [old.id, remembered.id, laptop.id],
      currentDeviceId: laptop.id,
    });
    expect(result.signedOut.map((d) => d.name).sort()).toEqual(["Old desktop", "Old tablet"]);
    expect(result.sessionsEnded).toBe(1);
    expect(result.apps).toEqual(["Team Wiki"]);
    expect(await db.session.count({ where: { deviceId: old.id, revokedAt: null } })).toBe(0);
    expect(await db.session.count({ where: { deviceId: laptop.id, revokedAt: null } })).toBe(1);
    expect(await db.device.findUniqueOrThrow({ where: { id: remembered.id } })).toMatchObject({ trustedAt: null, rememberedUntil: null });
    const rows = await db.auditEvent.findMany({ where: { userId, type: "DEVICE_UNTRUSTED" }, orderBy: { createdAt: "asc" } });
    expect(rows.length).toBe(before + 2);
    expect(rows.map((r) => r.actorId)).toEqual([userId, userId]);
    expect(await kinds()).toEqual([]);
    // Again: nothing left to change, nothing written.
    expect((await signOutStaleDevices({ actor, userId, deviceIds: [old.id], currentDeviceId: laptop.id })).signedOut).toEqual([]);
    expect(await db.auditEvent.count({ where: { userId, type: "DEVICE_UNTRUSTED" } })).toBe(before + 2);
  });

  it("a new device not confirmed asks “was this you?” until confirmed; the browser in hand and day-old devices do not", async () => {
    const { userId, actor, kinds, checkup } = await secured();
    const phone = await device(userId, { name: "New phone", lastSeenAt: new Date() });
    await device(userId, { name: "Yesterday's phone", createdAt: ago(2), lastSeenAt: new Date() });
    await device(userId, { name: "Signed-out new phone", lastSeenAt: new Date() }, false);
    const [item] = (await checkup()).items;
    expect(item).toMatchObject({ kind: "new-device", severity: "high", title: "New sign-in on New phone: was this you?" });
    expect(item!.fix).toEqual({ label: "Review", href: `/devices/${phone.id}` });

    await confirmDevice({ actor, userId, deviceId: phone.id });
    expect(await kinds()).toEqual([]);
    expect(await db.auditEvent.count({ where: { userId, deviceId: phone.id, type: "DEVICE_RECOGNIZED" } })).toBe(1);
  });

  it("an unusual-country sign-in stays until reviewed: “This was me”, or its device signed out or removed", async () => {
    const { userId, actor, kinds, checkup } = await secured();
    const old = { name: "Old laptop", createdAt: ago(30), lastSeenAt: new Date() };
    const [a, b, c] = [await device(userId, old), await device(userId, old), await device(userId, old)];
    for (const d of [a, b, c]) await unusualSignIn(userId, d.id);
    // Over 90 days ago: no longer raised.
    const ancient = await device(userId, old);
    await unusualSignIn(userId, ancient.id, ago(100));
    const items = (await checkup()).items;
    expect(items.map((i) => i.kind)).toEqual(["unusual-country", "unusual-country", "unusual-country"]);
    expect(items[0]).toMatchObject({ severity: "high", title: "Unusual sign-in on Old laptop", fix: { label: "Review" } });
    expect(items[0]!.detail).toContain("from Paris, France");

    await confirmDevice({ actor, userId, deviceId: a.id });
    await untrustDevice({ actor, userId, deviceId: b.id });
    expect((await checkup()).items.map((i) => i.devices[0]!.id)).toEqual([c.id]);
    await deleteDevice({ actor, userId, deviceId: c.id });
    expect(await kinds()).toEqual([]);
    // A later unusual sign-in on a reviewed device is raised again.
    await unusualSignIn(userId, a.id, new Date(Date.now() + 1000));
    expect((await checkup()).items.map((i) => [i.kind, i.devices[0]!.id])).toEqual([["unusual-country", a.id]]);
  });

  it("a “This wasn't me” asks for a new password until the password changes", async () => {
    const { userId, kinds, checkup } = await secured();
    await db.auditEvent.create({ data: { actorId: userId, userId, type: "PASSWORD_CHANGED", createdAt: ago(5) } });
    await db.auditEvent.create({ data: { actorId: userId, userId, type: "DEVICE_NOT_RECOGNIZED", createdAt: ago(1) } });
    const [item] = (await checkup()).items;
    expect(item).toMatchObject({ kind: "password-after-report", severity: "high", fix: { href: "/security#password" } });
    await db.auditEvent.create({ data: { actorId: userId, userId, type: "PASSWORD_RESET", createdAt: new Date() } });
    expect(await kinds()).toEqual([]);
  });

  it("another user's devices and history never show", async () => {
    const owner = await secured("Owner");
    const other = await createUser();
    const stale = await device(other.id, { name: "Their old tablet", createdAt: ago(200), lastSeenAt: ago(120) });
    const fresh = await device(other.id, { name: "Their new phone", lastSeenAt: new Date() });
    await unusualSignIn(other.id, stale.id);
    await db.auditEvent.create({ data: { actorId: other.id, userId: other.id, type: "DEVICE_NOT_RECOGNIZED" } });
    // Even an event filed under the owner but naming the other's device does not surface their device.
    await unusualSignIn(owner.userId, fresh.id);
    expect(await owner.kinds()).toEqual([]);
    // Signing out someone else's device through the owner's checkup changes nothing.
    const r = await signOutStaleDevices({ actor: owner.actor, userId: owner.userId, deviceIds: [stale.id], currentDeviceId: null });
    expect(r.signedOut).toEqual([]);
    expect(await db.session.count({ where: { deviceId: stale.id, revokedAt: null } })).toBe(1);
  });

  it("an administrator reads a user's checkup; another plain user is answered “User not found”", async () => {
    const owner = await secured();
    await device(owner.userId, { name: "Old tablet", createdAt: ago(200), lastSeenAt: ago(120) });
    const admin = await createUser({ role: "ADMIN" });
    const adminActor: Actor = { userId: admin.id, role: "ADMIN", context: context() };
    expect((await getSecurityCheckup({ actor: adminActor, userId: owner.userId })).items.map((i) => i.kind)).toEqual(["stale-devices"]);
    const someone = await createUser();
    const plain: Actor = { userId: someone.id, role: "USER", context: context() };
    await expect(getSecurityCheckup({ actor: plain, userId: owner.userId })).rejects.toMatchObject({
      code: "NOT_FOUND",
      userMessage: "User not found",
    });
    await expect(signOutStaleDevices({ actor: plain, userId: owner.userId, deviceIds: [], currentDeviceId: null })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(confirmDevice({ actor: plain, userId: owner.userId, deviceId: owner.laptop.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      userMessage: "Device not found",
    });
  });
});
