import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { hashDeviceToken } from "@/server/devices/device-cookie";
import { browser, context, createUser, newDeviceToken, randomEmail, TEST_PASSWORD } from "./factories";
import bcrypt from "bcryptjs";
import { DUMMY_HASH, hashPassword, PASSWORD_HASH_COST, verifyPassword } from "@/server/auth/password";

describe("signInWithPassword", () => {
  it("creates a Device on a browser's first sign-in and reuses it afterwards", async () => {
    const user = await createUser();
    const token = newDeviceToken();
    const first = await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: token,
      context: context(),
    });
    expect(first).not.toBeNull();
    const device = await db.device.findUniqueOrThrow({ where: { id: first!.deviceId } });
    expect(device).toMatchObject({
      userId: user.id,
      name: "Chrome on macOS",
      type: "desktop",
      os: "macOS",
      browser: "Chrome",
      lastIp: "203.0.113.9",
    });
    // The browser gets a fresh server-generated token; only its hash is stored.
    expect(first!.deviceToken).not.toBe(token);
    expect(device.cookieHash).toBe(hashDeviceToken(first!.deviceToken));
    expect(device.cookieHash).not.toContain(first!.deviceToken);

    const second = await signInWithPassword({
      credentials: { email: user.email.toUpperCase(), password: TEST_PASSWORD },
      deviceToken: first!.deviceToken,
      context: context(browser.mac, "198.51.100.1"),
    });
    expect(second!.deviceId).toBe(first!.deviceId);
    expect((await db.device.findUniqueOrThrow({ where: { id: first!.deviceId } })).cookieHash).toBe(hashDeviceToken(second!.deviceToken));
    expect(second!.sessionId).not.toBe(first!.sessionId);
    const again = await db.device.findUniqueOrThrow({ where: { id: first!.deviceId } });
    expect(again.lastIp).toBe("198.51.100.1");
    expect(again.authenticatedAt!.getTime()).toBeGreaterThanOrEqual(device.authenticatedAt!.getTime());
    expect(await db.device.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.session.count({ where: { userId: user.id, deviceId: first!.deviceId } })).toBe(2);
  });

  it("gives another browser (another cookie) its own Device", async () => {
    const user = await createUser();
    const a = await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(),
    });
    const b = await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(browser.linux),
    });
    expect(a!.deviceId).not.toBe(b!.deviceId);
    const names = (await db.device.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } })).map((d) => d.name);
    expect(names).toEqual(["Chrome on macOS", "Firefox on Linux"]);
  });

  it("keeps two users of one browser apart", async () => {
    const [u1, u2] = [await createUser(), await createUser()];
    const token = newDeviceToken();
    const a = await signInWithPassword({
      credentials: { email: u1.email, password: TEST_PASSWORD },
      deviceToken: token,
      context: context(),
    });
    const b = await signInWithPassword({
      credentials: { email: u2.email, password: TEST_PASSWORD },
      deviceToken: a!.deviceToken,
      context: context(),
    });
    expect(a!.deviceId).not.toBe(b!.deviceId);
    // u2's sign-in rotated the browser's token; u1's Device came along with it.
    const a2 = await signInWithPassword({
      credentials: { email: u1.email, password: TEST_PASSWORD },
      deviceToken: b!.deviceToken,
      context: context(),
    });
    expect(a2!.deviceId).toBe(a!.deviceId);
  });

  it("a device token someone planted in (or copied from) the browser stops naming its Device at the next sign-in", async () => {
    const user = await createUser();
    const planted = newDeviceToken();
    const victim = await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: planted,
      context: context(),
    });
    const attacker = await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: planted,
      context: context(browser.linux),
    });
    expect(attacker!.deviceId).not.toBe(victim!.deviceId);
    expect(attacker!.newDevice).toBe(true);
  });

  it("a deleted device is forgotten: the same browser gets a new Device", async () => {
    const user = await createUser();
    const token = newDeviceToken();
    const first = await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: token,
      context: context(),
    });
    await db.device.update({ where: { id: first!.deviceId }, data: { deletedAt: new Date(), cookieHash: null } });
    const second = await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: first!.deviceToken,
      context: context(),
    });
    expect(second!.deviceId).not.toBe(first!.deviceId);
  });

  it("answers unknown email, wrong password and disabled account the same way, and changes nothing", async () => {
    const user = await createUser();
    const disabled = await createUser({ disabledAt: new Date() });
    const token = newDeviceToken();
    const attempts = [
      { email: randomEmail("nobody"), password: TEST_PASSWORD },
      { email: user.email, password: "wrong password" },
      { email: disabled.email, password: TEST_PASSWORD },
      { email: "not-an-email", password: "x" },
      { email: user.email },
      null,
    ];
    for (const credentials of attempts) {
      expect(await signInWithPassword({ credentials, deviceToken: token, context: context() })).toBeNull();
    }
    expect(await db.device.count({ where: { userId: { in: [user.id, disabled.id] } } })).toBe(0);
    expect(await db.session.count({ where: { userId: { in: [user.id, disabled.id] } } })).toBe(0);
    // Failures on real accounts are audited for the account owner's history.
    const failed = await db.auditEvent.findMany({ where: { userId: { in: [user.id, disabled.id] }, type: "SIGN_IN_FAILED" } });
    expect(failed).toHaveLength(2); // wrong password + disabled account
  });

  it("records the sign-in in the audit trail with device and IP", async () => {
    const user = await createUser();
    const result = await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(),
    });
    const events = await db.auditEvent.findMany({ where: { userId: user.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "SIGN_IN", actorId: user.id, deviceId: result!.deviceId, ip: "203.0.113.9" });
    expect(events[0]!.detail).toMatchObject({ newDevice: true, method: "PASSWORD" });
  });

  it("survives two first sign-ins racing from one browser", async () => {
    const user = await createUser();
    const token = newDeviceToken();
    const creds = { email: user.email, password: TEST_PASSWORD };
    const [a, b] = await Promise.all([
      signInWithPassword({ credentials: creds, deviceToken: token, context: context() }),
      signInWithPassword({ credentials: creds, deviceToken: token, context: context() }),
    ]);
    // Both start a session (no unique-violation error); each hands out its own fresh token, so the
    // browser keeps whichever cookie arrives last (the UI's pending state prevents this race).
    expect(a!.sessionId).not.toBe(b!.sessionId);
    expect(a!.deviceToken).not.toBe(b!.deviceToken);
  });
});

describe("the hash compared against for unknown emails", () => {
  it("is a fixed bcrypt hash at the cost real passwords use, so an unknown email costs one comparison from the first request on", async () => {
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(PASSWORD_HASH_COST);
    expect(bcrypt.getRounds(await hashPassword("x"))).toBe(PASSWORD_HASH_COST);
    expect(await verifyPassword("not-a-password", null)).toBe(false);
  });
});
