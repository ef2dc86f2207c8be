import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { listDevices } from "@/server/devices/list-devices";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { browser, context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

describe("listDevices", () => {
  it("lists only the user's own, undeleted devices, newest activity first, with live session counts", async () => {
    const alice = await createUser();
    const mallory = await createUser();
    const creds = { email: alice.email, password: TEST_PASSWORD };
    const mac = await signInWithPassword({ credentials: creds, deviceToken: newDeviceToken(), context: context(browser.mac) });
    const linux = await signInWithPassword({ credentials: creds, deviceToken: newDeviceToken(), context: context(browser.linux) });
    await signInWithPassword({
      credentials: { email: mallory.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(),
    });
    const gone = await signInWithPassword({ credentials: creds, deviceToken: newDeviceToken(), context: context() });
    await db.device.update({ where: { id: gone!.deviceId }, data: { deletedAt: new Date() } });
    await db.session.update({ where: { id: linux!.sessionId }, data: { revokedAt: new Date(), revokedReason: "SESSION_REVOKED" } });
    await db.device.update({ where: { id: mac!.deviceId }, data: { lastSeenAt: new Date(Date.now() + 5_000) } });

    const list = await listDevices({ userId: alice.id, currentDeviceId: linux!.deviceId });
    expect(list.map((d) => d.id)).toEqual([mac!.deviceId, linux!.deviceId]);
    expect(list.map((d) => d.activeSessionCount)).toEqual([1, 0]);
    expect(list.map((d) => d.isCurrent)).toEqual([false, true]);
    // The DTO carries no internals.
    expect(Object.keys(list[0]!)).not.toContain("cookieHash");
    expect(Object.keys(list[0]!)).not.toContain("userId");
  });
});
