import { SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { passwordStep } from "@/server/auth/sign-in-with-password";
import { completeMfaSignIn } from "@/server/auth/complete-mfa-sign-in";
import { registerMobileAuthenticator } from "@/server/mfa/register-mobile-authenticator";
import { loggingPushSender, setPushSender, type PushMessage } from "@/server/mfa/push-sender";
import { answerSignInPush, pushResponse, pushSignInStatus, sendSignInPush, PUSH_TTL_MS } from "@/server/mfa/push-sign-in";
import { API_ROUTES } from "@/server/api/registry";
import { runRoute } from "@/server/api/route";
import { apiRequest, browser, context as clientContext, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

// This file's own client address: the second step's limits count failures per IP too, and other
// test files (sharing one PostgreSQL database) sign in from the factories' default address.
const context = () => clientContext(browser.mac, "192.0.2.44");

const sign = (secret: string, claims: Record<string, unknown>, exp: string | number = "1m") =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(secret));

let outbox: PushMessage[] = [];
afterEach(() => setPushSender(loggingPushSender));

/** A user whose phone registered for push through the app's own route; the phone's secret is known here. */
async function userWithPhone(deviceName = "Pixel") {
  const user = await createUser();
  outbox = [];
  setPushSender({ send: async (m) => void outbox.push(m) });
  const phone = await registerMobileAuthenticator({
    actor: { userId: user.id, role: "USER", context: context() },
    userId: user.id,
    deviceId: null,
    input: { kind: "PUSH", data: { deviceName, platformDeviceId: `platform-${user.id}`, pushToken: "push-token-123" } },
  });
  outbox = [];
  return { user, phone };
}

/** The password step in a browser: the challenge it holds, and which second factors it offers. */
async function passPassword(email: string, deviceToken = newDeviceToken()) {
  const r = await passwordStep({ credentials: { email, password: TEST_PASSWORD }, deviceToken, context: context() });
  if (r?.status !== "mfa-required") throw new Error(`expected a second step, got ${r?.status}`);
  return { challengeToken: r.challengeToken, deviceToken, methods: r.methods };
}

/** What the app on the phone does with a push it received. */
async function answer(phone: { mechanismUid: string; sharedSecret: string }, push: PushMessage, claims: Record<string, unknown> = {}) {
  const jwt = await sign(phone.sharedSecret, { response: pushResponse(phone.sharedSecret, push.data!.challenge!), ...claims });
  return answerSignInPush({ messageId: push.data!.messageId!, mechanismUid: phone.mechanismUid, jwt, context: context() });
}

describe("push sign-in", () => {
  it("a phone registered for push makes the second step required and offers push", async () => {
    const { user } = await userWithPhone();
    const { methods } = await passPassword(user.email);
    expect(methods).toEqual(["push"]);
  });

  it("sends to the account's phones, and an approval from one of them completes the sign-in once", async () => {
    const { user, phone } = await userWithPhone("Carol's Pixel");
    const b = await passPassword(user.email);
    const sent = await sendSignInPush({ ...b, context: context() });
    expect(sent).toMatchObject({ sentTo: ["Carol's Pixel"] });
    expect(outbox).toHaveLength(1);
    const push = outbox[0]!;
    expect(push).toMatchObject({ pushToken: "push-token-123", platformDeviceId: `platform-${user.id}`, title: "Sign in to Devicekeeper?" });
    expect(push.data).toMatchObject({ messageId: sent!.messageId, mechanismUid: phone.mechanismUid, ttl: "120" });
    expect(await pushSignInStatus({ ...b, messageId: sent!.messageId })).toBe("pending");
    // The browser cannot complete with a push nobody approved.
    expect((await completeMfaSignIn({ ...b, credentials: { method: "push", code: sent!.messageId }, context: context() })).status).toBe(
      "invalid",
    );

    expect(await answer(phone, push)).toEqual({ result: true });
    expect(await pushSignInStatus({ ...b, messageId: sent!.messageId })).toBe("approved");
    const done = await completeMfaSignIn({ ...b, credentials: { method: "push", code: sent!.messageId }, context: context() });
    expect(done.status).toBe("signed-in");
    if (done.status !== "signed-in") return;
    const device = await db.device.findFirstOrThrow({ where: { userId: user.id, sessions: { some: { id: done.session.sessionId } } } });
    expect(device.lastVerificationMethod).toBe("PUSH");
    // Used: neither the browser nor the phone can use it again.
    expect((await completeMfaSignIn({ ...b, credentials: { method: "push", code: sent!.messageId }, context: context() })).status).toBe(
      "expired",
    );
    await expect(answer(phone, push)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a denial is audited as a failed second step and cannot be turned into a sign-in", async () => {
    const { user, phone } = await userWithPhone();
    const b = await passPassword(user.email);
    const sent = await sendSignInPush({ ...b, context: context() });
    await answer(phone, outbox[0]!, { deny: true });
    expect(await pushSignInStatus({ ...b, messageId: sent!.messageId })).toBe("denied");
    await expect(answer(phone, outbox[0]!)).rejects.toMatchObject({ code: "CONFLICT" }); // answered once
    expect((await completeMfaSignIn({ ...b, credentials: { method: "push", code: sent!.messageId }, context: context() })).status).toBe(
      "invalid",
    );
    const failed = await db.auditEvent.findFirstOrThrow({
      where: { userId: user.id, type: "MFA_CHALLENGE_FAILED", detail: { path: ["denied"], equals: true } },
    });
    expect(failed.detail).toMatchObject({ method: "push", denied: true });
  });

  it("refuses answers that do not prove the mechanism's secret, or come too late", async () => {
    const { user, phone } = await userWithPhone();
    const other = await userWithPhone();
    const b = await passPassword(user.email);
    const sent = await sendSignInPush({ ...b, context: context() });
    const push = outbox.find((m) => m.data?.messageId === sent!.messageId)!;
    const { messageId, challenge } = push.data!;
    const attempt = (mechanismUid: string, jwt: string) =>
      answerSignInPush({ messageId: messageId!, mechanismUid, jwt, context: context() });
    // The right response in a JWT signed with another key; a wrong response; no exp; another account's phone.
    await expect(
      attempt(phone.mechanismUid, await sign("not the secret", { response: pushResponse(phone.sharedSecret, challenge!) })),
    ).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    await expect(
      attempt(phone.mechanismUid, await sign(phone.sharedSecret, { response: pushResponse(phone.sharedSecret, "another challenge") })),
    ).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    const noExp = await new SignJWT({ response: pushResponse(phone.sharedSecret, challenge!) })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(phone.sharedSecret));
    await expect(attempt(phone.mechanismUid, noExp)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(
      attempt(
        other.phone.mechanismUid,
        await sign(other.phone.sharedSecret, { response: pushResponse(other.phone.sharedSecret, challenge!) }),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await pushSignInStatus({ ...b, messageId: messageId! })).toBe("pending");
    // Two minutes later the push is gone, for the phone and for the browser.
    await db.mfaChallenge.updateMany({
      where: { pushMessageId: messageId! },
      data: { pushSentAt: new Date(Date.now() - PUSH_TTL_MS - 1000) },
    });
    expect(await pushSignInStatus({ ...b, messageId: messageId! })).toBe("expired");
    await expect(answer(phone, push)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("limits pushes per sign-in, and only the browser holding the challenge can send or read one", async () => {
    const { user } = await userWithPhone();
    const b = await passPassword(user.email);
    expect(await sendSignInPush({ ...b, deviceToken: newDeviceToken(), context: context() })).toBeNull(); // another browser
    const first = await sendSignInPush({ ...b, context: context() });
    await expect(sendSignInPush({ ...b, context: context() })).rejects.toMatchObject({ code: "RATE_LIMITED" }); // a moment later
    expect(await pushSignInStatus({ ...b, deviceToken: newDeviceToken(), messageId: first!.messageId })).toBe("expired");
    for (let i = 1; i < 5; i++) {
      await db.mfaChallenge.updateMany({ where: { userId: user.id }, data: { pushSentAt: new Date(Date.now() - 60_000) } });
      await sendSignInPush({ ...b, context: context() });
    }
    await db.mfaChallenge.updateMany({ where: { userId: user.id }, data: { pushSentAt: new Date(Date.now() - 60_000) } });
    await expect(sendSignInPush({ ...b, context: context() })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // A new push replaces the previous one: its message id no longer counts.
    expect(await pushSignInStatus({ ...b, messageId: first!.messageId })).toBe("expired");
  });

  it("the app answers through POST /api/v1/push/sns/message?_action=authenticate", async () => {
    const { user, phone } = await userWithPhone();
    const b = await passPassword(user.email);
    const sent = await sendSignInPush({ ...b, context: context() });
    const push = outbox[0]!;
    const route = API_ROUTES.find((r) => r.path === "/api/v1/push/sns/message")!;
    const post = async (query: string, body: object) => {
      const req = apiRequest({
        method: "POST",
        path: route.path,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const res = await runRoute(route, { ...req, query: new URLSearchParams(query) }, {});
      return { status: res.status, body: JSON.parse(String(res.body)) as Record<string, unknown> };
    };
    const jwt = await sign(phone.sharedSecret, { response: pushResponse(phone.sharedSecret, push.data!.challenge!) });
    expect(await post("_action=authenticate", { mechanismUid: phone.mechanismUid, jwt })).toMatchObject({
      status: 400,
      body: { message: "messageId is required for _action=authenticate" },
    });
    expect(
      await post("_action=authenticate", { messageId: sent!.messageId, mechanismUid: phone.mechanismUid, jwt: "a.b.c" }),
    ).toMatchObject({
      status: 401,
    });
    expect(await post("_action=authenticate", { messageId: sent!.messageId, mechanismUid: phone.mechanismUid, jwt })).toEqual({
      status: 200,
      body: { result: true },
    });
    expect(await pushSignInStatus({ ...b, messageId: sent!.messageId })).toBe("approved");
  });
});
