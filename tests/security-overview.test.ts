// The security overview (server/mfa/get-security-overview.ts) — one statement the devices pages,
// /security and the admin's user page read on every render: each authenticator with its dates, its
// device's name (none once that device is removed) and whether push can reach it; the recovery codes
// left of all; the skip option; the live temporary access code (the latest, not a used or expired
// one) with who issued it. Compared field by field with the rows written here.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";
import { createUser } from "./factories";

const MINUTE = 60_000;

describe("getSecurityOverview", () => {
  it("a user with nothing set up: no authenticators, no codes, not set, no temporary code", async () => {
    const u = await createUser();
    expect(await getSecurityOverview(u.id)).toEqual({
      authenticators: [],
      recoveryCodes: { remaining: 0, total: 0 },
      mfaSkip: "NOT_SET",
      temporaryAccessCode: null,
    });
  });

  it("reads every field from the rows, oldest authenticator first", async () => {
    const u = await createUser();
    const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
    await db.user.update({ where: { id: u.id }, data: { mfaSkip: "SKIPPABLE" } });
    const t0 = new Date("2026-11-01T10:00:00.123Z");
    const at = (m: number) => new Date(t0.getTime() + m * MINUTE);
    const phone = await db.device.create({ data: { userId: u.id, name: "Carol's phone", type: "mobile" } });
    const gone = await db.device.create({ data: { userId: u.id, name: "Old laptop", type: "desktop", deletedAt: at(5) } });
    const push = await db.authenticator.create({
      data: {
        userId: u.id,
        deviceId: phone.id,
        kind: "PUSH",
        name: "Push on phone",
        createdAt: at(2),
        lastUsedAt: at(30),
        platformDeviceId: "p-1",
        pushTokenEnc: "sealed",
      },
    });
    const deaf = await db.authenticator.create({
      data: { userId: u.id, kind: "PUSH", name: "No token yet", createdAt: at(3), platformDeviceId: "p-2" },
    });
    const totp = await db.authenticator.create({
      data: { userId: u.id, deviceId: gone.id, kind: "TOTP", name: "Authenticator app", createdAt: at(1) },
    });
    await db.recoveryCode.createMany({
      data: [
        { userId: u.id, codeHash: "a" },
        { userId: u.id, codeHash: "b", usedAt: at(10) },
        { userId: u.id, codeHash: "c" },
      ],
    });
    const now = new Date();
    await db.temporaryAccessCode.createMany({
      data: [
        {
          userId: u.id,
          codeHash: `old-${u.id}`,
          createdById: admin.id,
          createdAt: new Date(now.getTime() - 3 * MINUTE),
          expiresAt: new Date(now.getTime() + 5 * MINUTE),
        },
        {
          userId: u.id,
          codeHash: `used-${u.id}`,
          createdById: admin.id,
          createdAt: new Date(now.getTime() - MINUTE),
          expiresAt: new Date(now.getTime() + 9 * MINUTE),
          usedAt: now,
        },
        {
          userId: u.id,
          codeHash: `expired-${u.id}`,
          createdById: admin.id,
          createdAt: new Date(now.getTime() - 30 * MINUTE),
          expiresAt: new Date(now.getTime() - MINUTE),
        },
      ],
    });
    const live = await db.temporaryAccessCode.findUniqueOrThrow({ where: { codeHash: `old-${u.id}` } });

    expect(await getSecurityOverview(u.id)).toEqual({
      authenticators: [
        {
          id: totp.id,
          kind: "TOTP",
          name: "Authenticator app",
          createdAt: at(1).toISOString(),
          lastUsedAt: null,
          deviceName: null,
          pushReachable: false,
        },
        {
          id: push.id,
          kind: "PUSH",
          name: "Push on phone",
          createdAt: at(2).toISOString(),
          lastUsedAt: at(30).toISOString(),
          deviceName: "Carol's phone",
          pushReachable: true,
        },
        {
          id: deaf.id,
          kind: "PUSH",
          name: "No token yet",
          createdAt: at(3).toISOString(),
          lastUsedAt: null,
          deviceName: null,
          pushReachable: false,
        },
      ],
      recoveryCodes: { remaining: 2, total: 3 },
      mfaSkip: "SKIPPABLE",
      temporaryAccessCode: { createdAt: live.createdAt.toISOString(), expiresAt: live.expiresAt.toISOString(), issuedBy: "Ada Admin" },
    });
    // Past its expiry it is gone from the overview; another user's rows never show.
    expect((await getSecurityOverview(u.id, new Date(now.getTime() + 6 * MINUTE))).temporaryAccessCode).toBeNull();
    expect((await getSecurityOverview(admin.id)).authenticators).toEqual([]);
  });

  it("an unknown user is an error, not an empty overview", async () => {
    await expect(getSecurityOverview("00000000-0000-4000-8000-000000000000")).rejects.toThrow("User not found");
  });
});
