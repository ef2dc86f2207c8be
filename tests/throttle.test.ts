// Brute-force limits (server/auth/throttle.ts): per account+client, per client, before any bcrypt.
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import * as password from "@/server/auth/password";
import { passwordStep } from "@/server/auth/sign-in-with-password";
import { checkThrottle, throttleLimits } from "@/server/auth/throttle";
import { stepUp } from "@/server/auth/step-up";
import { validateSession } from "@/server/auth/validate-session";
import { listActivity } from "@/server/audit/list-activity";
import { locate } from "@/server/location/locate";
import { describeActivity } from "@/lib/activity";
import { context, createUser, newDeviceToken, randomEmail, TEST_PASSWORD } from "./factories";

/** A client of its own (an address no other test uses). */
const client = () => `198.51.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;
const attempt = (email: string, pw: string, ip: string) =>
  passwordStep({ credentials: { email, password: pw }, deviceToken: newDeviceToken(), context: context(undefined, ip) });

afterEach(() => {
  delete process.env.SIGNIN_MAX_CLIENT_FAILURES;
  vi.restoreAllMocks();
});

describe("password sign-in limits", () => {
  it("locks one client out of one account after 10 failures, before bcrypt, for 15 minutes; others are not affected", async () => {
    const user = await createUser();
    const [a, b] = [client(), client()];
    for (let i = 0; i < 10; i++) expect(await attempt(user.email, "wrong", a)).toBeNull();
    const verify = vi.spyOn(password, "verifyPassword");
    const locked = await attempt(user.email, TEST_PASSWORD, a);
    expect(locked).toMatchObject({ status: "locked" });
    expect(locked?.status === "locked" && locked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(verify).not.toHaveBeenCalled(); // refused before any bcrypt
    // Another client, and another account from the same client, still sign in.
    expect((await attempt(user.email, TEST_PASSWORD, b))?.status).toBe("signed-in");
    const other = await createUser();
    expect((await attempt(other.email, TEST_PASSWORD, a))?.status).toBe("signed-in");
    // The lock lifts when the failures leave the window.
    const later = new Date(Date.now() + throttleLimits().windowMs + 1000);
    expect(await checkThrottle({ email: user.email, ip: a }, throttleLimits(), later)).toEqual({ locked: false });
  });

  it("answers the same for an unknown email: it locks the same way", async () => {
    const email = randomEmail("nobody");
    const ip = client();
    for (let i = 0; i < 10; i++) expect(await attempt(email, "guess", ip)).toBeNull();
    expect((await attempt(email, "guess", ip))?.status).toBe("locked");
  });

  it("a right password clears the count for that account and client", async () => {
    const user = await createUser();
    const ip = client();
    for (let i = 0; i < 9; i++) await attempt(user.email, "wrong", ip);
    expect((await attempt(user.email, TEST_PASSWORD, ip))?.status).toBe("signed-in");
    for (let i = 0; i < 9; i++) await attempt(user.email, "wrong", ip);
    expect((await attempt(user.email, TEST_PASSWORD, ip))?.status).toBe("signed-in");
  });

  it("caps failures per client across accounts (credential stuffing)", async () => {
    process.env.SIGNIN_MAX_CLIENT_FAILURES = "5";
    const ip = client();
    for (let i = 0; i < 5; i++) expect(await attempt(randomEmail("stuffed"), "guess", ip)).toBeNull();
    const victim = await createUser();
    expect((await attempt(victim.email, TEST_PASSWORD, ip))?.status).toBe("locked");
    expect((await attempt(victim.email, TEST_PASSWORD, client()))?.status).toBe("signed-in");
  });

  it("writes one history row per client and window, counting the attempts", async () => {
    const user = await createUser();
    const ip = client();
    for (let i = 0; i < 3; i++) await attempt(user.email, "wrong", ip);
    const rows = await db.auditEvent.findMany({ where: { userId: user.id, type: "SIGN_IN_FAILED" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.detail).toMatchObject({ reason: "password", count: 3 });
    const [item] = (await listActivity({ userId: user.id, page: 1 })).items;
    // The random client address may be one the location data knows.
    const place = locate(ip)?.label;
    expect(describeActivity(item!, "you")).toBe(`3 failed sign-in attempts (wrong password) from ${ip}${place ? ` (near ${place})` : ""}`);
  });
});

describe("step-up limits", () => {
  it("count toward the same limit: a stolen session cannot guess the password either", async () => {
    const user = await createUser();
    const ip = client();
    const started = await passwordStep({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(undefined, ip),
    });
    if (started?.status !== "signed-in") throw new Error("sign-in failed");
    const session = (await validateSession(started.session.sessionId))!;
    for (let i = 0; i < 10; i++) expect(await stepUp({ session, password: "wrong", context: context(undefined, ip) })).toBe("wrong");
    expect(await stepUp({ session, password: TEST_PASSWORD, context: context(undefined, ip) })).toMatchObject({
      retryAfterSeconds: expect.any(Number),
    });
  });
});

describe("invalid REST API credentials", () => {
  it("past the client's ceiling answer 429 with Retry-After in the family's shape; valid credentials and other clients still work", async () => {
    const { markFrontDoor, CLIENT_IP_HEADER } = await import("@/server/request-context");
    const { runRoute } = await import("@/server/api/route");
    const { settingsDevicesRoutes } = await import("@/server/api/routes/settings-devices");
    const { createApiToken } = await import("@/server/api-tokens/create-api-token");
    const { apiRequest } = await import("./factories");
    markFrontDoor();
    process.env.SIGNIN_MAX_CLIENT_FAILURES = "3";
    const user = await createUser();
    const { token } = await createApiToken({
      actor: { userId: user.id, role: "USER", context: context() },
      kind: "PERSONAL",
      name: "ok",
      expiresInDays: 0,
    });
    const list = settingsDevicesRoutes.find((r) => r.method === "GET")!;
    const [a, b] = [client(), client()];
    const call = (bearer: string, ip: string) =>
      runRoute(
        list,
        apiRequest({ path: "/api/v1/settings/devices", headers: { authorization: `Bearer ${bearer}`, [CLIENT_IP_HEADER]: ip } }),
        {},
      );
    for (let i = 0; i < 3; i++) expect((await call("pat_not-a-real-token", a)).status).toBe(401);
    const refused = await call("pat_not-a-real-token", a);
    expect([refused.status, Number(refused.headers?.["Retry-After"]) > 14 * 60, JSON.parse(refused.body!)]).toEqual([
      429,
      true,
      { message: expect.stringMatching(/^Too many invalid credentials from this client; retry in \d+ seconds\.$/) },
    ]);
    expect((await call(token, a)).status).toBe(200);
    expect((await call("pat_not-a-real-token", b)).status).toBe(401);
  });
});
