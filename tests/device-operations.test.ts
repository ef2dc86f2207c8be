import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/audit/actor";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { validateSession } from "@/server/auth/validate-session";
import { untrustDevice } from "@/server/devices/untrust-device";
import { invalidateDevice } from "@/server/devices/invalidate-device";
import { deleteDevice } from "@/server/devices/delete-device";
import { renameDevice } from "@/server/devices/rename-device";
import { listDevices } from "@/server/devices/list-devices";
import { revokeSession } from "@/server/sessions/revoke-session";
import { revokeOtherSessions } from "@/server/sessions/revoke-other-sessions";
import { deviceNameSchema } from "@/lib/validation/devices";
import { DEVICE_NAME_MISSING, checkPrintableName } from "@/lib/printable-name";
import { browser, context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

/** A user signed in on two browsers (A: mac, B: linux), acting from A. */
async function twoBrowsers() {
  const user = await createUser();
  const creds = { email: user.email, password: TEST_PASSWORD };
  const tokenA = newDeviceToken();
  const tokenB = newDeviceToken();
  const a = (await signInWithPassword({ credentials: creds, deviceToken: tokenA, context: context(browser.mac) }))!;
  const b = (await signInWithPassword({ credentials: creds, deviceToken: tokenB, context: context(browser.linux) }))!;
  // Browser B's cookie, as each sign-in rotates it.
  let cookieB = b.deviceToken;
  const actor: Actor = { userId: user.id, sessionId: a.sessionId, role: "USER", context: context() };
  const signInB = async () => {
    const signedIn = await signInWithPassword({ credentials: creds, deviceToken: cookieB, context: context(browser.linux) });
    if (signedIn) cookieB = signedIn.deviceToken;
    return signedIn;
  };
  return { user, a, b, actor, signInB };
}

const events = (userId: string, type: string) => db.auditEvent.findMany({ where: { userId, type }, orderBy: { createdAt: "asc" } });
const expectNotFound = async (p: Promise<unknown>, what = "Device") => {
  await expect(p).rejects.toBeInstanceOf(AppError);
  await expect(p).rejects.toMatchObject({ code: "NOT_FOUND", userMessage: `${what} not found` });
};

/** Every row a user owns, to prove a refused operation changed nothing. */
async function snapshot(userId: string) {
  return {
    devices: await db.device.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    sessions: await db.session.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    events: await db.auditEvent.count({ where: { userId } }),
  };
}

describe("untrustDevice", () => {
  it("clears trust and remembered state, ends the device's sessions, and audits once", async () => {
    const { user, b, actor } = await twoBrowsers();
    await db.device.update({
      where: { id: b.deviceId },
      data: { trustedAt: new Date(), rememberedUntil: new Date(Date.now() + 86_400_000) },
    });
    const result = await untrustDevice({ actor, userId: user.id, deviceId: b.deviceId });
    expect(result).toEqual({ changed: true, sessionsEnded: 1, endedCurrentSession: false, apps: [] });
    const device = await db.device.findUniqueOrThrow({ where: { id: b.deviceId } });
    expect(device.trustedAt).toBeNull();
    expect(device.rememberedUntil).toBeNull();
    expect(await validateSession(b.sessionId)).toBeNull();
    expect((await db.session.findUniqueOrThrow({ where: { id: b.sessionId } })).revokedReason).toBe("DEVICE_UNTRUSTED");
    expect(await validateSession(actor.sessionId)).not.toBeNull();

    const again = await untrustDevice({ actor, userId: user.id, deviceId: b.deviceId });
    expect(again.changed).toBe(false);
    const audit = await events(user.id, "DEVICE_UNTRUSTED");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ sessionsEnded: 1, wasTrusted: true });
  });

  it("two concurrent untrusts of one device: no error, one audit event", async () => {
    const { user, b, actor } = await twoBrowsers();
    await db.device.update({ where: { id: b.deviceId }, data: { trustedAt: new Date() } });
    const results = await Promise.all([
      untrustDevice({ actor, userId: user.id, deviceId: b.deviceId }),
      untrustDevice({ actor, userId: user.id, deviceId: b.deviceId }),
    ]);
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(await events(user.id, "DEVICE_UNTRUSTED")).toHaveLength(1);
  });

  it("reports when it signs out the caller's own browser", async () => {
    const { user, a, actor } = await twoBrowsers();
    expect(await untrustDevice({ actor, userId: user.id, deviceId: a.deviceId })).toMatchObject({ endedCurrentSession: true });
  });
});

describe("invalidateDevice", () => {
  it("ends sessions, forgets remembered state, and the next sign-in is a new device on the same row", async () => {
    const { user, b, actor, signInB } = await twoBrowsers();
    await db.device.update({
      where: { id: b.deviceId },
      data: { trustedAt: new Date(), rememberedUntil: new Date(Date.now() + 86_400_000) },
    });
    expect(await invalidateDevice({ actor, userId: user.id, deviceId: b.deviceId })).toMatchObject({ changed: true, sessionsEnded: 1 });
    const device = await db.device.findUniqueOrThrow({ where: { id: b.deviceId } });
    expect(device.invalidatedAt).not.toBeNull();
    expect(device.rememberedUntil).toBeNull();
    expect(device.trustedAt).toBeNull();
    expect(await validateSession(b.sessionId)).toBeNull();

    expect((await invalidateDevice({ actor, userId: user.id, deviceId: b.deviceId })).changed).toBe(false);
    expect(await events(user.id, "DEVICE_INVALIDATED")).toHaveLength(1);

    const again = (await signInB())!;
    expect(again.deviceId).toBe(b.deviceId);
    expect(again.newDevice).toBe(true);
    const reestablished = await db.device.findUniqueOrThrow({ where: { id: b.deviceId } });
    expect(reestablished.reestablishedAt!.getTime()).toBeGreaterThanOrEqual(device.invalidatedAt!.getTime());
    const signIns = await events(user.id, "SIGN_IN");
    expect(signIns.at(-1)!.detail).toMatchObject({ newDevice: true, reestablished: true });
    // A later sign-in is an ordinary one again.
    expect((await signInB())!.newDevice).toBe(false);
  });
});

describe("deleteDevice", () => {
  it("hides the device, ends its sessions, forgets its cookie; a second delete is 'not found'", async () => {
    const { user, b, actor, signInB } = await twoBrowsers();
    expect(await deleteDevice({ actor, userId: user.id, deviceId: b.deviceId })).toMatchObject({ changed: true, sessionsEnded: 1 });
    const row = await db.device.findUniqueOrThrow({ where: { id: b.deviceId } });
    expect(row.deletedAt).not.toBeNull();
    expect(row.cookieHash).toBeNull();
    expect((await listDevices({ userId: user.id, currentDeviceId: null })).map((d) => d.id)).not.toContain(b.deviceId);
    await expectNotFound(deleteDevice({ actor, userId: user.id, deviceId: b.deviceId }));
    expect(await events(user.id, "DEVICE_DELETED")).toHaveLength(1);

    const next = (await signInB())!;
    expect(next.deviceId).not.toBe(b.deviceId);
    expect(next.newDevice).toBe(true);
  });

  it("concurrent deletes: one succeeds, the other is 'not found', never an error", async () => {
    const { user, b, actor } = await twoBrowsers();
    const results = await Promise.allSettled([
      deleteDevice({ actor, userId: user.id, deviceId: b.deviceId }),
      deleteDevice({ actor, userId: user.id, deviceId: b.deviceId }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "NOT_FOUND" });
    expect(await events(user.id, "DEVICE_DELETED")).toHaveLength(1);
  });
});

describe("renameDevice", () => {
  it("trims and saves; the same name again changes nothing", async () => {
    const { user, b, actor } = await twoBrowsers();
    expect(await renameDevice({ actor, userId: user.id, deviceId: b.deviceId, name: "  Home laptop 💻 " })).toEqual({
      changed: true,
      name: "Home laptop 💻",
    });
    expect(await renameDevice({ actor, userId: user.id, deviceId: b.deviceId, name: "Home laptop 💻" })).toEqual({
      changed: false,
      name: "Home laptop 💻",
    });
    expect((await db.device.findUniqueOrThrow({ where: { id: b.deviceId } })).name).toBe("Home laptop 💻");
    const audit = await events(user.id, "DEVICE_RENAMED");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ from: "Firefox on Linux", to: "Home laptop 💻" });
  });

  it.each([
    ["", "Enter a device name"],
    ["   ", "Enter a device name"],
    ["x".repeat(65), "Use at most 64 characters"],
    ["bad\nname", "Use only printable characters"],
    ["bell\u0007", "Use only printable characters"],
    ["evil\u202Egnp.exe", "Use only printable characters"],
  ])("refuses %j with a clear message and changes nothing", async (name, message) => {
    const { user, b, actor } = await twoBrowsers();
    const before = await snapshot(user.id);
    await expect(renameDevice({ actor, userId: user.id, deviceId: b.deviceId, name })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      userMessage: message,
    });
    expect(await snapshot(user.id)).toEqual(before);
  });

  it("the browser's check (lib/printable-name.ts) answers as the server's schema does, message for message", () => {
    for (const name of [
      "",
      "   ",
      "x".repeat(65),
      "bad\nname",
      "bell\u0007",
      "evil\u202Egnp.exe",
      "  Home 💻  ",
      "🙂".repeat(64),
      "🙂".repeat(65),
    ]) {
      const server = deviceNameSchema.safeParse(name);
      const browser = checkPrintableName(name, DEVICE_NAME_MISSING);
      expect(browser).toEqual(server.success ? { ok: true, name: server.data } : { ok: false, error: server.error.issues[0]?.message });
    }
  });

  it("accepts exactly 64 characters, counting emoji as one", async () => {
    const { user, b, actor } = await twoBrowsers();
    const name = "🙂".repeat(64);
    expect((await renameDevice({ actor, userId: user.id, deviceId: b.deviceId, name })).name).toBe(name);
  });
});

describe("refusals change nothing", () => {
  it("another user's device is indistinguishable from a missing one, for every operation", async () => {
    const victim = await twoBrowsers();
    const attacker = await twoBrowsers();
    const before = await snapshot(victim.user.id);
    const as = { actor: attacker.actor, userId: attacker.user.id, deviceId: victim.b.deviceId };
    await expectNotFound(untrustDevice(as));
    await expectNotFound(invalidateDevice(as));
    await expectNotFound(deleteDevice(as));
    await expectNotFound(renameDevice({ ...as, name: "pwned" }));
    await expectNotFound(revokeSession({ actor: attacker.actor, userId: attacker.user.id, sessionId: victim.b.sessionId }), "Session");
    expect(await snapshot(victim.user.id)).toEqual(before);
  });

  it("malformed and unknown ids are 'not found', never a database error", async () => {
    const { user, actor } = await twoBrowsers();
    const before = await snapshot(user.id);
    for (const deviceId of ["", "123", "not-a-uuid", "00000000-0000-0000-0000-000000000000", '\'; DELETE FROM "Device"; --']) {
      await expectNotFound(untrustDevice({ actor, userId: user.id, deviceId }));
      await expectNotFound(deleteDevice({ actor, userId: user.id, deviceId }));
      await expectNotFound(revokeSession({ actor, userId: user.id, sessionId: deviceId }), "Session");
    }
    expect(await snapshot(user.id)).toEqual(before);
  });
});

describe("revokeSession and revokeOtherSessions", () => {
  it("ends one session; repeating it changes nothing", async () => {
    const { user, b, actor } = await twoBrowsers();
    expect(await revokeSession({ actor, userId: user.id, sessionId: b.sessionId })).toMatchObject({ changed: true, sessionsEnded: 1 });
    expect(await validateSession(b.sessionId)).toBeNull();
    expect((await revokeSession({ actor, userId: user.id, sessionId: b.sessionId })).changed).toBe(false);
    expect(await events(user.id, "SESSION_REVOKED")).toHaveLength(1);
  });

  it("signs out every other session and keeps the caller's", async () => {
    const { user, a, b, actor, signInB } = await twoBrowsers();
    const b2 = (await signInB())!;
    const result = await revokeOtherSessions({ actor: { ...actor, sessionId: a.sessionId }, userId: user.id });
    expect(result).toMatchObject({ changed: true, sessionsEnded: 2 });
    expect(await validateSession(a.sessionId)).not.toBeNull();
    expect(await validateSession(b.sessionId)).toBeNull();
    expect(await validateSession(b2.sessionId)).toBeNull();
    expect((await revokeOtherSessions({ actor: { ...actor, sessionId: a.sessionId }, userId: user.id })).changed).toBe(false);
    expect(await events(user.id, "OTHER_SESSIONS_REVOKED")).toHaveLength(1);
  });
});
