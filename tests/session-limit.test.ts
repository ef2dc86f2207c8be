// An administrator's per-user session limit: a new sign-in ends the oldest sessions beyond it,
// audited, with a reason the user sees; setting a lower limit applies at once.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { validateSession } from "@/server/auth/validate-session";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { setSessionLimit } from "@/server/admin/set-session-limit";
import { listDevices } from "@/server/devices/list-devices";
import { listActivity } from "@/server/audit/list-activity";
import { describeActivity } from "@/lib/activity";
import { context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

const signIn = async (email: string) => {
  const r = await signInWithPassword({
    credentials: { email, password: TEST_PASSWORD },
    deviceToken: newDeviceToken(),
    context: context(),
  });
  return r!.sessionId;
};

describe("per-user session limit", () => {
  it("a sign-in past the limit ends the oldest session, audited, and the user is told why", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser();
    const adminActor = { userId: admin.id, role: "ADMIN" as const, context: context() };
    expect(await setSessionLimit({ actor: adminActor, userId: user.id, maxSessions: 2 })).toEqual({ changed: true, sessionsEnded: 0 });

    const first = await signIn(user.email);
    const second = await signIn(user.email);
    expect(await validateSession(first)).not.toBeNull();
    const third = await signIn(user.email);
    expect(await validateSession(first)).toBeNull();
    expect(await validateSession(second)).not.toBeNull();
    expect(await validateSession(third)).not.toBeNull();
    expect(await db.session.findUnique({ where: { id: first }, select: { revokedReason: true } })).toEqual({
      revokedReason: "SESSION_LIMIT",
    });

    const devices = await listDevices({ userId: user.id, currentDeviceId: null });
    const ended = devices.flatMap((d) => d.sessions).find((s) => s.id === first);
    expect(ended?.endedReason).toBe("Signed out: too many sessions (the oldest ends)");
    const { items } = await listActivity({ userId: user.id, page: 1 });
    const texts = items.map((i) => describeActivity(i, "You"));
    expect(texts).toContain("Your oldest session was signed out: an administrator allows 2 at once");
    expect(texts).toContain(`${admin.name} limited you to 2 sessions at once`);
  });

  it("a lower limit applies at once; no limit ends nothing; only admins; an unknown user is not found", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser();
    const adminActor = { userId: admin.id, role: "ADMIN" as const, context: context() };
    const ids = [await signIn(user.email), await signIn(user.email), await signIn(user.email)];
    expect(await setSessionLimit({ actor: adminActor, userId: user.id, maxSessions: 1 })).toEqual({ changed: true, sessionsEnded: 2 });
    expect(await Promise.all(ids.map(async (id) => !!(await validateSession(id))))).toEqual([false, false, true]);
    expect(await setSessionLimit({ actor: adminActor, userId: user.id, maxSessions: 1 })).toEqual({ changed: false, sessionsEnded: 0 });
    expect(await setSessionLimit({ actor: adminActor, userId: user.id, maxSessions: null })).toEqual({ changed: true, sessionsEnded: 0 });
    await signIn(user.email);
    await signIn(user.email);
    expect(await db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(3);

    await expect(setSessionLimit({ actor: { ...adminActor, role: "USER" }, userId: user.id, maxSessions: 1 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(setSessionLimit({ actor: adminActor, userId: crypto.randomUUID(), maxSessions: 1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // Every change has its audit row: the two limit changes and the one enforcement.
    const audit = await db.auditEvent.groupBy({
      by: ["type"],
      where: { userId: user.id, type: { in: ["ADMIN_SET_SESSION_LIMIT", "SESSION_LIMIT_REACHED"] } },
      _count: true,
    });
    expect(Object.fromEntries(audit.map((a) => [a.type, a._count]))).toEqual({ ADMIN_SET_SESSION_LIMIT: 2, SESSION_LIMIT_REACHED: 1 });
  });

  it("two sign-ins at once still leave at most the limit", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser();
    await setSessionLimit({ actor: { userId: admin.id, role: "ADMIN", context: context() }, userId: user.id, maxSessions: 2 });
    await Promise.all(Array.from({ length: 6 }, () => signIn(user.email)));
    expect(await db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(2);
  });
});
