// Brute-force limits (server/auth/throttle.ts): per account+client, per client, before any bcrypt.
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import * as password from "@/server/auth/password";
import { passwordStep } from "@/server/auth/sign-in-with-password";
import { checkThrottle, clientOf, countCredentialFailure, throttleLimits } from "@/server/auth/throttle";
import { requestPasswordReset } from "@/server/auth/password-reset";
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
  delete process.env.SIGNIN_ACCOUNT_MAX_FAILURES;
  vi.restoreAllMocks();
});

/** An IPv6 /64 of its own, and an address in it. */
const network = () => `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;

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

describe("the account-wide ceiling (distributed guessing)", () => {
  it("pauses the password step for browsers new to the account once guesses from many clients reach it; the owner's device still signs in", async () => {
    process.env.SIGNIN_ACCOUNT_MAX_FAILURES = "6";
    const user = await createUser();
    // The owner's laptop signed in before.
    const laptop = await passwordStep({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(undefined, client()),
    });
    if (laptop?.status !== "signed-in") throw new Error("sign-in failed");
    // Six wrong guesses from three clients: no client reaches its own limit of 10.
    const attackers = [client(), client(), client()];
    for (const ip of [...attackers, ...attackers]) expect(await attempt(user.email, "guess", ip)).toBeNull();
    // The right password from a fourth client, in a browser new to the account: paused, before bcrypt.
    const verify = vi.spyOn(password, "verifyPassword");
    const paused = await attempt(user.email, TEST_PASSWORD, client());
    expect(paused).toMatchObject({ status: "locked", scope: "account" });
    expect(paused?.status === "locked" && paused.retryAfterSeconds).toBeGreaterThan(55 * 60);
    expect(verify).not.toHaveBeenCalled();
    // The owner's laptop (its device cookie) passes, from anywhere.
    const owner = await passwordStep({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: laptop.session.deviceToken,
      context: context(undefined, client()),
    });
    expect(owner?.status).toBe("signed-in");
    // A wrong password from the laptop is still wrong.
    const rotated = owner?.status === "signed-in" ? owner.session.deviceToken : "";
    expect(await passwordStep({ credentials: { email: user.email, password: "x" }, deviceToken: rotated, context: context() })).toBeNull();
    // The owner is told once: a history row (and through it an email), not one per guess.
    for (const ip of attackers) await attempt(user.email, "guess", ip);
    const pauses = await db.auditEvent.findMany({ where: { userId: user.id, type: "SIGN_IN_PAUSED" } });
    expect(pauses).toHaveLength(1);
    expect(pauses[0]!.detail).toMatchObject({ failures: 6, clients: 3, windowMinutes: 60 });
    expect(await db.mailOutbox.count({ where: { userId: user.id, kind: "sign-ins-paused" } })).toBe(1);
    const [row] = (await listActivity({ userId: user.id, page: 1 })).items.filter((i) => i.type === "SIGN_IN_PAUSED");
    expect(describeActivity(row!, "you")).toBe(
      "Signing in from new devices was paused: 6 wrong passwords from 3 places in the last hour. Devices already signed in on could still sign in",
    );
    // The pause lifts when the oldest guess leaves the hour.
    const later = new Date(Date.now() + 61 * 60_000);
    expect(await checkThrottle({ email: user.email, ip: client() }, throttleLimits(), later)).toEqual({ locked: false });
  });

  it("counts an unknown email the same way (the answer reveals nothing)", async () => {
    process.env.SIGNIN_ACCOUNT_MAX_FAILURES = "4";
    const email = randomEmail("nobody");
    for (let i = 0; i < 4; i++) expect(await attempt(email, "guess", client())).toBeNull();
    expect(await attempt(email, "guess", client())).toMatchObject({ status: "locked", scope: "account" });
  });

  it("counts an IPv6 client per /64: a new address in the same network is the same client", async () => {
    const user = await createUser();
    const net = network();
    for (let i = 1; i <= 10; i++) expect(await attempt(user.email, "wrong", `${net}::${i.toString(16)}`)).toBeNull();
    expect(await attempt(user.email, TEST_PASSWORD, `${net}:aaaa:bbbb:cccc:dddd`)).toMatchObject({ status: "locked", scope: "client" });
    expect((await attempt(user.email, TEST_PASSWORD, `${network()}::1`))?.status).toBe("signed-in");
    expect(clientOf(`${net}::1`)).toBe(`${net}::/64`);
    expect(clientOf("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(clientOf("198.51.100.7")).toBe("198.51.100.7");
  });
});

describe("each purpose counts on its own", () => {
  it("wrong passwords or invalid API tokens from an address never block “Forgot password” from it, nor the reverse", async () => {
    const ip = client();
    for (let i = 0; i < 10; i++) await attempt(randomEmail("guess"), "guess", ip);
    for (let i = 0; i < 10; i++) await countCredentialFailure(ip);
    const deferred: (() => Promise<void>)[] = [];
    const ask = (email: string) => requestPasswordReset({ email, context: context(undefined, ip), defer: (w) => void deferred.push(w) });
    expect(await ask(randomEmail("forgot"))).toEqual({ status: "sent" });
    // Ten reset requests (the client's ceiling for those) do not block signing in from there.
    for (let i = 0; i < 9; i++) await ask(randomEmail("forgot"));
    expect((await ask(randomEmail("forgot"))).status).toBe("locked");
    const user = await createUser();
    expect((await attempt(user.email, TEST_PASSWORD, ip))?.status).toBe("signed-in");
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
