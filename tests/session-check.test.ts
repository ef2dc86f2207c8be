import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { validateSession } from "@/server/auth/validate-session";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { signOut } from "@/server/auth/sign-out";
import { listDevices } from "@/server/devices/list-devices";
import { context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

async function signedIn() {
  const user = await createUser();
  const result = await signInWithPassword({
    credentials: { email: user.email, password: TEST_PASSWORD },
    deviceToken: newDeviceToken(),
    context: context(),
  });
  return { user, ...result! };
}

describe("validateSession", () => {
  it("accepts a live session and says whose it is", async () => {
    const s = await signedIn();
    expect(await validateSession(s.sessionId)).toMatchObject({
      sessionId: s.sessionId,
      userId: s.user.id,
      deviceId: s.deviceId,
      role: "USER",
    });
  });

  it("refuses a revoked session", async () => {
    const s = await signedIn();
    await db.session.update({ where: { id: s.sessionId }, data: { revokedAt: new Date(), revokedReason: "SESSION_REVOKED" } });
    expect(await validateSession(s.sessionId)).toBeNull();
  });

  it("refuses an expired session", async () => {
    const s = await signedIn();
    await db.session.update({ where: { id: s.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await validateSession(s.sessionId)).toBeNull();
  });

  it("ends a session idle longer than the policy (14 days by default, SESSION_IDLE_DAYS), and lasts 30 days at most", async () => {
    const DAY = 86_400_000;
    const s = await signedIn();
    const row = await db.session.findUniqueOrThrow({ where: { id: s.sessionId } });
    expect(Math.round((row.expiresAt.getTime() - row.createdAt.getTime()) / DAY)).toBe(30);
    await db.session.update({ where: { id: s.sessionId }, data: { lastSeenAt: new Date(Date.now() - 13 * DAY) } });
    expect(await validateSession(s.sessionId)).not.toBeNull();
    await db.session.update({ where: { id: s.sessionId }, data: { lastSeenAt: new Date(Date.now() - 15 * DAY) } });
    expect(await validateSession(s.sessionId)).toBeNull();
    // The device list shows it as expired, with when it ended.
    const [device] = await listDevices({ userId: s.user.id, currentDeviceId: null });
    expect(device!.sessions[0]!.state).toBe("expired");
    expect(new Date(device!.sessions[0]!.expiresAt).getTime()).toBeLessThan(Date.now());
    expect(device!.activeSessionCount).toBe(0);
    process.env.SESSION_IDLE_DAYS = "20";
    try {
      expect(await validateSession(s.sessionId)).not.toBeNull();
    } finally {
      delete process.env.SESSION_IDLE_DAYS;
    }
  });

  it("refuses a session whose device was deleted", async () => {
    const s = await signedIn();
    await db.device.update({ where: { id: s.deviceId }, data: { deletedAt: new Date() } });
    expect(await validateSession(s.sessionId)).toBeNull();
  });

  it("refuses every session of a disabled user", async () => {
    const s = await signedIn();
    await db.user.update({ where: { id: s.user.id }, data: { disabledAt: new Date() } });
    expect(await validateSession(s.sessionId)).toBeNull();
  });

  it("refuses missing and malformed ids without touching the database's error path", async () => {
    for (const id of [
      undefined,
      null,
      "",
      "not-a-uuid",
      "00000000-0000-0000-0000-000000000000",
      42,
      { id: "x" },
      '\'; DROP TABLE "Session"; --',
    ]) {
      expect(await validateSession(id)).toBeNull();
    }
  });

  it("writes lastSeenAt at most once a minute", async () => {
    const s = await signedIn();
    const t0 = (await db.session.findUniqueOrThrow({ where: { id: s.sessionId } })).lastSeenAt;
    await validateSession(s.sessionId, new Date(t0.getTime() + 30_000));
    expect((await db.session.findUniqueOrThrow({ where: { id: s.sessionId } })).lastSeenAt).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    await Promise.all([validateSession(s.sessionId, later), validateSession(s.sessionId, later)]);
    expect((await db.session.findUniqueOrThrow({ where: { id: s.sessionId } })).lastSeenAt).toEqual(later);
    expect((await db.device.findUniqueOrThrow({ where: { id: s.deviceId } })).lastSeenAt).toEqual(later);
  });

  it("sign-out ends the session once, and repeating it is harmless", async () => {
    const s = await signedIn();
    await signOut({ sessionId: s.sessionId, userId: s.user.id, context: context() });
    await signOut({ sessionId: s.sessionId, userId: s.user.id, context: context() });
    expect(await validateSession(s.sessionId)).toBeNull();
    const row = await db.session.findUniqueOrThrow({ where: { id: s.sessionId } });
    expect(row.revokedReason).toBe("SIGNED_OUT");
    expect(await db.auditEvent.count({ where: { userId: s.user.id, type: "SIGN_OUT" } })).toBe(1);
  });

  it("sign-out cannot end another user's session", async () => {
    const victim = await signedIn();
    const attacker = await createUser();
    await signOut({ sessionId: victim.sessionId, userId: attacker.id, context: context() });
    expect(await validateSession(victim.sessionId)).not.toBeNull();
  });
});
