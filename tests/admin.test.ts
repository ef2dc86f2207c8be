import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { resetOath, resetPush, deleteUserAuthenticator, revokeRecoveryCodes } from "@/server/admin/reset-authenticators";
import { setUserDisabled, signOutEverywhere } from "@/server/admin/manage-user";
import { searchUsers } from "@/server/admin/search-users";
import { getAdminDevice } from "@/server/admin/get-admin-device";
import { listAdminDeviceHistory } from "@/server/admin/list-admin-device-history";
import { getAdminUser } from "@/server/admin/get-admin-user";
import { getAdminOverview } from "@/server/admin/get-admin-overview";
import { untrustDevice } from "@/server/devices/untrust-device";
import { passwordStep, signInWithPassword } from "@/server/auth/sign-in-with-password";
import { validateSession } from "@/server/auth/validate-session";
import { isRecentlyVerified, stepUp } from "@/server/auth/step-up";
import { listActivity } from "@/server/audit/list-activity";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { validateApiToken } from "@/server/api-tokens/validate-api-token";
import { describeActivity } from "@/lib/activity";
import { devicesLine } from "@/lib/admin";
import { context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

async function setup() {
  const admin = await createUser({ role: "ADMIN" });
  const user = await createUser();
  const adminActor: Actor = { userId: admin.id, role: "ADMIN", context: context() };
  const userActor: Actor = { userId: user.id, role: "USER", context: context() };
  await db.authenticator.createMany({
    data: [
      { userId: user.id, kind: "TOTP", name: "App", secretEnc: "v1.x" },
      { userId: user.id, kind: "PUSH", name: "Push", mechanismUid: crypto.randomUUID() },
      { userId: user.id, kind: "WEBAUTHN", name: "Key", credentialId: crypto.randomUUID() },
      { userId: user.id, kind: "BINDING", name: "Bound", mechanismUid: crypto.randomUUID() },
    ],
  });
  await db.user.update({ where: { id: user.id }, data: { mfaSkip: "SKIPPABLE" } });
  return { admin, user, adminActor, userActor };
}
const kinds = async (userId: string) =>
  (await db.authenticator.findMany({ where: { userId }, select: { kind: true } })).map((a) => a.kind).sort();

describe("admin operations", () => {
  it("refuse a non-admin actor and change nothing", async () => {
    const { user, userActor } = await setup();
    const before = await kinds(user.id);
    for (const p of [
      resetOath({ actor: userActor, userId: user.id }),
      resetPush({ actor: userActor, userId: user.id }),
      revokeRecoveryCodes({ actor: userActor, userId: user.id }),
      signOutEverywhere({ actor: userActor, userId: user.id }),
      setUserDisabled({ actor: userActor, userId: user.id, disabled: true }),
      searchUsers({ actor: userActor, query: "" }),
    ]) {
      await expect(p).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await kinds(user.id)).toEqual(before);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).toBeNull();
  });

  it("Reset OATH deletes the authenticator apps and sets the skip option back to Not Set (Ping Identity AIC)", async () => {
    const { user, adminActor, admin } = await setup();
    expect(await resetOath({ actor: adminActor, userId: user.id })).toMatchObject({ result: true, removed: 1 });
    expect(await kinds(user.id)).toEqual(["BINDING", "PUSH", "WEBAUTHN"]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaSkip).toBe("NOT_SET");
    const [event] = (await listActivity({ userId: user.id, page: 1 })).items;
    expect(event).toMatchObject({ type: "ADMIN_RESET_OATH", by: "an administrator" });
    // Named, and written for whoever reads it: the user, or an administrator reading the user's history.
    expect(describeActivity(event!)).toBe(`${admin.name} reset your authenticator apps`);
    expect(describeActivity(event!, user.name)).toBe(`${admin.name} reset ${user.name}'s authenticator apps`);
    expect((await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "ADMIN_RESET_OATH" } })).actorId).toBe(admin.id);
  });

  it("after Reset OATH the user's sign-in asks for the remaining factor, or for nothing", async () => {
    const { user, adminActor } = await setup();
    await resetOath({ actor: adminActor, userId: user.id });
    const r = await passwordStep({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(),
    });
    expect(r).toMatchObject({ status: "mfa-required", methods: ["passkey"] });
    const key = await db.authenticator.findFirstOrThrow({ where: { userId: user.id, kind: "WEBAUTHN" } });
    await deleteUserAuthenticator({ actor: adminActor, userId: user.id, authenticatorId: key.id, kind: "WEBAUTHN" });
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

  it("Reset push, delete one passkey / bound device, revoke recovery codes; wrong kinds and unknown ids are 'not found'", async () => {
    const { user, adminActor } = await setup();
    await db.recoveryCode.createMany({
      data: [
        { userId: user.id, codeHash: "a" },
        { userId: user.id, codeHash: "b" },
      ],
    });
    expect(await resetPush({ actor: adminActor, userId: user.id })).toMatchObject({ removed: 1 });
    const totp = await db.authenticator.findFirstOrThrow({ where: { userId: user.id, kind: "TOTP" } });
    await expect(
      deleteUserAuthenticator({ actor: adminActor, userId: user.id, authenticatorId: totp.id, kind: "WEBAUTHN" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      deleteUserAuthenticator({ actor: adminActor, userId: user.id, authenticatorId: "not-a-uuid", kind: "BINDING" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const bound = await db.authenticator.findFirstOrThrow({ where: { userId: user.id, kind: "BINDING" } });
    await deleteUserAuthenticator({ actor: adminActor, userId: user.id, authenticatorId: bound.id, kind: "BINDING" });
    await expect(
      deleteUserAuthenticator({ actor: adminActor, userId: user.id, authenticatorId: bound.id, kind: "BINDING" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await kinds(user.id)).toEqual(["TOTP", "WEBAUTHN"]);
    expect(await revokeRecoveryCodes({ actor: adminActor, userId: user.id })).toEqual({ removed: 2 });
    const missing = crypto.randomUUID();
    await expect(resetOath({ actor: adminActor, userId: missing })).rejects.toMatchObject({
      code: "NOT_FOUND",
      userMessage: "User not found",
    });
  });

  it("sign out everywhere, disable (ending sessions) and enable; the last enabled admin cannot be disabled", async () => {
    const { user, adminActor, admin } = await setup();
    await db.user.update({ where: { id: user.id }, data: { mfaSkip: "SKIPPABLE" } });
    const s1 = (await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(),
    }))!;
    const pat = await createApiToken({
      actor: { ...adminActor, userId: user.id, role: "USER" },
      kind: "PERSONAL",
      name: "script",
      expiresInDays: 0,
    });
    expect(await signOutEverywhere({ actor: adminActor, userId: user.id })).toMatchObject({ sessionsEnded: 1, tokensRevoked: 1 });
    expect(await validateSession(s1.sessionId)).toBeNull();
    expect(await validateApiToken(pat.token)).toBeNull();
    const s2 = (await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(),
    }))!;
    const pat2 = await createApiToken({
      actor: { ...adminActor, userId: user.id, role: "USER" },
      kind: "PERSONAL",
      name: "script 2",
      expiresInDays: 0,
    });
    expect(await setUserDisabled({ actor: adminActor, userId: user.id, disabled: true })).toMatchObject({
      changed: true,
      sessionsEnded: 1,
      tokensRevoked: 1,
    });
    expect(await validateSession(s2.sessionId)).toBeNull();
    expect((await setUserDisabled({ actor: adminActor, userId: user.id, disabled: true })).changed).toBe(false);
    await setUserDisabled({ actor: adminActor, userId: user.id, disabled: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).toBeNull();
    // Enabling the account does not revive the token it had (revoked, not merely suspended).
    expect(await validateApiToken(pat2.token)).toBeNull();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: pat2.summary.id } })).revokedAt).not.toBeNull();

    // Disable every other enabled admin, then the last one cannot go.
    await db.user.updateMany({ where: { role: "ADMIN", disabledAt: null, id: { not: admin.id } }, data: { disabledAt: new Date() } });
    await expect(setUserDisabled({ actor: adminActor, userId: admin.id, disabled: true })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).disabledAt).toBeNull();
  });

  it("search is case-insensitive on email and name, prefix and substring", async () => {
    const { adminActor } = await setup();
    const tag = crypto.randomUUID().slice(0, 6);
    await db.user.create({ data: { email: `zed.${tag}@test.example`, name: `Zed Quill ${tag}`, passwordHash: "x" } });
    for (const q of [`ZED.${tag}`, tag.toUpperCase(), `quill ${tag}`]) {
      const r = await searchUsers({ actor: adminActor, query: q });
      expect(r.rows.map((u) => u.email)).toEqual([`zed.${tag}@test.example`]);
    }
    // LIKE's wildcards are literal: "%" matches nothing here.
    expect((await searchUsers({ actor: adminActor, query: "%" })).rows).toEqual([]);
  });

  it("counts a user's devices and, as on their page, those signed in: a live session, not ended, expired or idle", async () => {
    const { adminActor } = await setup();
    const tag = crypto.randomUUID().slice(0, 8);
    const user = await db.user.create({ data: { email: `count-${tag}@test.example`, name: `Count ${tag}`, passwordHash: "x" } });
    const day = 24 * 3600_000;
    const session = (o: { revokedAt?: Date; expiresAt?: Date; lastSeenAt?: Date } = {}) => ({
      userId: user.id,
      expiresAt: new Date(Date.now() + day),
      ...o,
    });
    const device = (name: string, sessions: ReturnType<typeof session>[]) =>
      db.device.create({ data: { userId: user.id, name, sessions: { create: sessions } } });
    await device("Live", [session(), session({ revokedAt: new Date() })]);
    await device("Signed out", [session({ revokedAt: new Date() })]);
    await device("Expired", [session({ expiresAt: new Date(Date.now() - 1000) })]);
    await device("Idle", [session({ lastSeenAt: new Date(Date.now() - 400 * day) })]);
    await db.device.create({
      data: {
        userId: user.id,
        name: "Removed",
        deletedAt: new Date(),
        sessions: { create: [{ expiresAt: new Date(Date.now() + day), userId: user.id }] },
      },
    });
    const [row] = (await searchUsers({ actor: adminActor, query: `count-${tag}` })).rows;
    expect(row).toMatchObject({ deviceCount: 4, signedInCount: 1 });
    expect(devicesLine(row!)).toBe("4 devices, 1 signed in");
    expect([0, 1, 2].map((live) => devicesLine({ deviceCount: 2, signedInCount: live }))).toEqual([
      "2 devices, none signed in",
      "2 devices, 1 signed in",
      "2 devices, all signed in",
    ]);
    expect(devicesLine({ deviceCount: 1, signedInCount: 0 })).toBe("1 device, signed out");
    expect(devicesLine({ deviceCount: 0, signedInCount: 0 })).toBe("no devices");
  });

  it("pages by email with cursors both ways and caps the count", async () => {
    const { adminActor } = await setup();
    const tag = crypto.randomUUID().slice(0, 8);
    await db.user.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        email: `page-${tag}-${String(i).padStart(2, "0")}@test.example`,
        name: "Pager",
        passwordHash: "x",
      })),
    });
    const emails = (r: { rows: { email: string }[] }) => r.rows.map((u) => u.email.slice(-16, -13));
    const first = await searchUsers({ actor: adminActor, query: `page-${tag}` });
    expect([first.total, first.totalCapped, first.rows.length, first.before]).toEqual([60, false, 25, null]);
    expect(emails(first)[0]).toBe("-00");
    const second = await searchUsers({ actor: adminActor, query: `page-${tag}`, after: first.after });
    expect(emails(second)[0]).toBe("-25");
    const third = await searchUsers({ actor: adminActor, query: `page-${tag}`, after: second.after });
    expect([third.rows.length, third.after]).toEqual([10, null]);
    const back = await searchUsers({ actor: adminActor, query: `page-${tag}`, before: third.before });
    expect(emails(back)).toEqual(emails(second));
    const start = await searchUsers({ actor: adminActor, query: `page-${tag}`, before: back.before });
    expect([emails(start), start.before]).toEqual([emails(first), null]);
  });

  it("sorts by name, newest and oldest, paging both ways in each order; a cursor is a user id", async () => {
    const { adminActor } = await setup();
    const tag = crypto.randomUUID().slice(0, 8);
    // 30 users: names run against emails and creation times, so every order differs. Same-named pairs test the id tie-break.
    const base = Date.UTC(2026, 0, 1);
    await db.user.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        email: `sort-${tag}-${String(i).padStart(2, "0")}@test.example`,
        name: `Sorter ${String(Math.floor((29 - i) / 2)).padStart(2, "0")}`,
        passwordHash: "x",
        createdAt: new Date(base + ((i * 7) % 30) * 60_000),
      })),
    });
    const all = await db.user.findMany({
      where: { email: { startsWith: `sort-${tag}` } },
      select: { id: true, name: true, createdAt: true },
    });
    const byName = [...all].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1)).map((u) => u.id);
    const byAge = [...all].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((u) => u.id);
    const expected = { name: byName, oldest: byAge, newest: [...byAge].reverse() } as const;
    for (const sort of ["name", "newest", "oldest"] as const) {
      const search = (cursor: { after?: string | null; before?: string | null } = {}) =>
        searchUsers({ actor: adminActor, query: `sort-${tag}`, sort, ...cursor });
      const first = await search();
      const second = await search({ after: first.after });
      expect(
        [...first.rows, ...second.rows].map((u) => u.id),
        sort,
      ).toEqual(expected[sort]);
      expect([first.before, second.after, second.rows.length], sort).toEqual([null, null, 5]);
      const back = await search({ before: second.before });
      expect(
        back.rows.map((u) => u.id),
        sort,
      ).toEqual(expected[sort].slice(0, 25));
      expect([back.before, back.after], sort).toEqual([null, first.after]);
    }
  });

  it("reads one device of a user for its admin page: only that user's, not removed; its history only; admins only", async () => {
    const { admin, user, adminActor, userActor } = await setup();
    const other = await createUser();
    const [mine, removed, theirs] = await Promise.all([
      db.device.create({ data: { userId: user.id, name: "Laptop", trustedAt: new Date() } }),
      db.device.create({ data: { userId: user.id, name: "Old phone", deletedAt: new Date() } }),
      db.device.create({ data: { userId: other.id, name: "Theirs", trustedAt: new Date() } }),
    ]);
    await db.device.create({ data: { userId: user.id, name: "Tablet" } });
    const found = await getAdminDevice({ actor: adminActor, userId: user.id, deviceId: mine.id });
    expect([found?.user.id, found?.device.id, found?.device.name]).toEqual([user.id, mine.id, "Laptop"]);
    for (const [userId, deviceId] of [
      [user.id, theirs.id],
      [other.id, mine.id],
      [user.id, removed.id],
      [crypto.randomUUID(), mine.id],
    ]) {
      expect(await getAdminDevice({ actor: adminActor, userId: userId!, deviceId: deviceId! })).toBeNull();
    }

    await untrustDevice({ actor: { ...adminActor, sessionId: undefined }, userId: user.id, deviceId: mine.id });
    await untrustDevice({ actor: { ...adminActor, sessionId: undefined }, userId: other.id, deviceId: theirs.id });
    const history = await listAdminDeviceHistory({ actor: adminActor, userId: user.id, deviceId: mine.id });
    expect(history.total).toBe(1);
    expect(describeActivity(history.items[0]!, user.name)).toBe(`${admin.name} signed out Laptop — 0 sessions ended`);
    // Another user's device under this user: nothing of theirs.
    expect((await listAdminDeviceHistory({ actor: adminActor, userId: user.id, deviceId: theirs.id })).total).toBe(0);

    for (const read of [
      () => getAdminDevice({ actor: userActor, userId: user.id, deviceId: mine.id }),
      () => listAdminDeviceHistory({ actor: userActor, userId: user.id, deviceId: mine.id }),
      () => getAdminUser({ actor: userActor, userId: user.id }),
      () => getAdminOverview({ actor: userActor }),
    ]) {
      await expect(read()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("tells a sign-in to an administrator by the user's name, and to the user without one", () => {
    const item = {
      id: "1",
      type: "SIGN_IN",
      createdAt: new Date().toISOString(),
      ip: "203.0.113.9",
      location: null,
      unusual: false,
      by: "you" as const,
      deviceName: "Firefox on Linux",
      detail: { newDevice: true },
    };
    expect(describeActivity(item)).toBe("Signed in on Firefox on Linux (new device) from 203.0.113.9");
    expect(describeActivity(item, "Bob Example")).toBe("Bob Example signed in on Firefox on Linux (new device) from 203.0.113.9");
    expect(describeActivity({ ...item, type: "SIGN_OUT" }, "Bob Example")).toBe("Bob Example signed out of Firefox on Linux");
  });
});

describe("step-up", () => {
  it("is needed after 10 minutes and refreshed by the right password only", async () => {
    const { admin } = await setup();
    const s = (await signInWithPassword({
      credentials: { email: admin.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(),
    }))!;
    const session = (await validateSession(s.sessionId))!;
    expect(isRecentlyVerified(session)).toBe(true);
    expect(isRecentlyVerified(session, new Date(Date.now() + 11 * 60_000))).toBe(false);
    expect(await stepUp({ session, password: "wrong", context: context() })).toBe("wrong");
    expect(await stepUp({ session, password: TEST_PASSWORD, context: context() })).toBe("ok");
    expect((await validateSession(s.sessionId))!.verifiedAt.getTime()).toBeGreaterThan(session.verifiedAt.getTime() - 1);
  });
});
