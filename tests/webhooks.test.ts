import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { AppError } from "@/server/errors";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { signOut } from "@/server/auth/sign-out";
import { deleteDevice } from "@/server/devices/delete-device";
import { resetOath } from "@/server/admin/reset-authenticators";
import { prune } from "@/server/maintenance/prune";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { getWebhookEndpoint } from "@/server/webhooks/list-webhook-endpoints";
import {
  deleteWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestWebhook,
  setWebhookEndpointEnabled,
} from "@/server/webhooks/manage-webhook-endpoint";
import { fanOut } from "@/server/webhooks/fan-out";
import { deliverDue, RETRY_WINDOW_MS } from "@/server/webhooks/deliver-webhooks";
import { retryDelayMs } from "@/server/jobs/retry-delay";
import { eventsOfTransaction, type OutboxRow } from "@/server/webhooks/webhook-events";
import { matchesEventPattern } from "@/lib/webhooks";
import { browser, context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

/** A webhook receiver on loopback: records every request; answers what `answer` says (200 by default). */
type Received = {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; data: Record<string, unknown> };
};
const received: Received[] = [];
let answer: () => number = () => 200;
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c));
  req.on("end", () => {
    received.push({ path: req.url ?? "", headers: req.headers, body, json: JSON.parse(body) as Received["json"] });
    res.writeHead(answer()).end();
  });
});
let url = "";
beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "1"; // the receiver is on 127.0.0.1
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
const created: string[] = [];
afterAll(async () => {
  // Endpoints left enabled would make every other test file's changes fill the outbox.
  await db.webhookEndpoint.deleteMany({ where: { id: { in: created } } });
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
  receiver.close();
});

async function setup(events = ["*"]) {
  const admin = await createUser({ role: "ADMIN" });
  const adminActor: Actor = { userId: admin.id, role: "ADMIN", context: context() };
  // Each test's endpoint has its own path: earlier tests' endpoints are still listening.
  const path = `/hook/${crypto.randomUUID()}`;
  const { endpoint, secret } = await createWebhookEndpoint({
    actor: adminActor,
    url: url + path,
    description: "test",
    events,
    enabled: true,
  });
  created.push(endpoint.id);
  const user = await createUser();
  const signIn = (ua = browser.mac) =>
    signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(ua),
    });
  const got = () => received.filter((r) => r.path === path && r.json.data.user_id === user.id);
  return { admin, adminActor, endpoint, secret, user, signIn, got };
}

/** Runs the worker's two steps until nothing is left (other test files may be writing too). */
async function drain(now = () => new Date()) {
  while ((await fanOut()) > 0);
  while ((await deliverDue({ now })) > 0);
}

describe("webhook events", () => {
  it("are delivered signed (Standard Webhooks) for a sign-in, a device deletion, an admin MFA reset and a sign-out, each once", async () => {
    const { adminActor, secret, user, signIn, got } = await setup();
    const a = (await signIn())!;
    const b = (await signIn(browser.linux))!;
    await deleteDevice({
      actor: { userId: user.id, sessionId: a.sessionId, role: "USER", context: context() },
      userId: user.id,
      deviceId: b.deviceId,
    });
    await db.authenticator.create({ data: { userId: user.id, kind: "TOTP", name: "App", secretEnc: "v1.x" } });
    await resetOath({ actor: adminActor, userId: user.id });
    await signOut({ sessionId: a.sessionId, userId: user.id, context: context() });
    await drain();

    const mine = got();
    for (const r of mine) expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    const types = mine.map((r) => `${r.json.type}${r.json.data.reason ? `:${String(r.json.data.reason)}` : ""}`);
    expect(types.filter((t) => t === "session.revoked:device_deleted")).toHaveLength(1);
    expect(types.filter((t) => t === "device.deleted")).toHaveLength(1);
    expect(types.filter((t) => t === "mfa.authenticator.reset")).toHaveLength(1);
    expect(types.filter((t) => t === "session.revoked:signed_out")).toHaveLength(1);
    expect(types.filter((t) => t === "session.created")).toHaveLength(2);
    expect(types.filter((t) => t === "device.created")).toHaveLength(2);
    // Each event once: ids are unique.
    expect(new Set(mine.map((r) => r.json.id)).size).toBe(mine.length);

    const deleted = mine.find((r) => r.json.type === "device.deleted")!;
    expect(deleted.json.data).toMatchObject({ device_id: b.deviceId, actor: { type: "user", id: user.id } });
    const revoked = mine.find((r) => r.json.data.reason === "device_deleted")!;
    expect(revoked.json.data).toMatchObject({ session_id: b.sessionId, device_id: b.deviceId, actor: { type: "user", id: user.id } });
    const reset = mine.find((r) => r.json.type === "mfa.authenticator.reset")!;
    expect(reset.json.data).toMatchObject({ kind: "totp", actor: { type: "admin", id: adminActor.userId } });
    // No secrets: no field holds a token, a hash or a sealed secret.
    expect(mine.map((r) => r.body).join("")).not.toMatch(/whsec_|v1\.|passwordHash|tokenHash|secret/i);
  });

  it("only go to endpoints that asked for them (patterns)", async () => {
    const { signIn, endpoint, got } = await setup(["device.*"]);
    await signIn();
    await drain();
    const mine = got().filter((r) => r.headers["webhook-id"] && r.json.type);
    expect(mine.map((r) => r.json.type)).toContain("device.created");
    const { deliveries } = await getWebhookEndpoint({ actor: await adminOf(), endpointId: endpoint.id });
    expect(deliveries.every((d) => d.eventType.startsWith("device."))).toBe(true);
    expect(deliveries.length).toBeGreaterThan(0);
  });

  it("reports an expired session as revoked with reason 'expired' when it is pruned", async () => {
    const { signIn, got } = await setup(["session.revoked"]);
    const s = (await signIn())!;
    await db.session.update({ where: { id: s.sessionId }, data: { expiresAt: new Date(Date.now() - 40 * 86_400_000) } });
    await prune();
    await drain();
    const mine = got().filter((r) => r.json.type === "session.revoked");
    expect(mine.map((r) => r.json.data)).toEqual([
      expect.objectContaining({ session_id: s.sessionId, reason: "expired", actor: { type: "system" } }),
    ]);
  });
});

const adminOf = async (): Promise<Actor> => ({ userId: (await createUser({ role: "ADMIN" })).id, role: "ADMIN", context: context() });

describe("webhook delivery", () => {
  it("retries with backoff after a failure, keeping one user's events in order", async () => {
    const { user, signIn, endpoint, adminActor, got } = await setup(["session.*"]);
    answer = () => 503;
    const s = (await signIn())!;
    await signOut({ sessionId: s.sessionId, userId: user.id, context: context() });
    await drain();
    answer = () => 200;
    let { deliveries } = await getWebhookEndpoint({ actor: adminActor, endpointId: endpoint.id });
    // The first failed and waits; the second was not tried before it (order per user).
    const [created, revoked] = [...deliveries].reverse();
    expect(created).toMatchObject({
      eventType: "session.created",
      status: "PENDING",
      attempts: 1,
      responseStatus: 503,
      lastError: "HTTP 503",
    });
    expect(revoked).toMatchObject({ eventType: "session.revoked", status: "PENDING", attempts: 0 });
    expect(new Date(created!.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now() + 20_000);

    await drain(() => new Date(Date.now() + 60_000));
    ({ deliveries } = await getWebhookEndpoint({ actor: adminActor, endpointId: endpoint.id }));
    expect(deliveries.map((d) => d.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const order = got().map((r) => r.json.type);
    expect(order.slice(-2)).toEqual(["session.created", "session.revoked"]);
  });

  it("gives up after 3 days and turns the endpoint off, saying why", async () => {
    const { signIn, endpoint, adminActor, got } = await setup(["session.created"]);
    answer = () => 500;
    await signIn();
    const start = Date.now();
    await drain();
    // Attempts keep failing; once the retry window is over the delivery fails for good.
    for (let t = start; t < start + RETRY_WINDOW_MS + 13 * 3_600_000; t += 6 * 3_600_000) await drain(() => new Date(t));
    answer = () => 200;
    const { endpoint: after, deliveries } = await getWebhookEndpoint({ actor: adminActor, endpointId: endpoint.id });
    expect(deliveries[0]).toMatchObject({ status: "FAILED", nextAttemptAt: null });
    expect(after.enabled).toBe(false);
    expect(after.disabledReason).toMatch(/every delivery failed for 3 days \(last: HTTP 500\)/);
    expect(got().length).toBeGreaterThan(3);

    // Turned on again by an administrator: the reason is cleared.
    await setWebhookEndpointEnabled({ actor: adminActor, endpointId: endpoint.id, enabled: true });
    const { endpoint: again } = await getWebhookEndpoint({ actor: adminActor, endpointId: endpoint.id });
    expect(again).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });

  it("is attempted once at a time even when several workers run at once", async () => {
    const { signIn, got } = await setup(["session.created"]);
    for (let i = 0; i < 6; i++) await signIn();
    while ((await fanOut()) > 0);
    await Promise.all([deliverDue({ limit: 3 }), deliverDue({ limit: 3 }), deliverDue({ limit: 3 }), deliverDue({ limit: 3 })]);
    await drain();
    const ids = got().map((r) => r.json.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it("sends a test event, redelivers with the same id, and signs with both secrets for a day after a rotation", async () => {
    const { endpoint, adminActor, secret } = await setup(["user.*"]);
    const { eventId, deliveryId } = await sendTestWebhook({ actor: adminActor, endpointId: endpoint.id });
    await drain();
    const test = received.filter((r) => r.json.id === eventId);
    expect(test).toHaveLength(1);
    expect(test[0]!.json).toMatchObject({ type: "webhook.test", data: { endpoint_id: endpoint.id } });

    await redeliverWebhook({ actor: adminActor, endpointId: endpoint.id, deliveryId });
    const { secret: next, previousSecretValidUntil } = await rotateWebhookSecret({ actor: adminActor, endpointId: endpoint.id });
    expect(new Date(previousSecretValidUntil).getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    await drain();
    const again = received.filter((r) => r.json.id === eventId);
    expect(again).toHaveLength(2);
    const last = again[1]!;
    expect(String(last.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const s of [secret, next]) expect(() => new Webhook(s).verify(last.body, last.headers as Record<string, string>)).not.toThrow();

    await expect(redeliverWebhook({ actor: adminActor, endpointId: endpoint.id, deliveryId: crypto.randomUUID() })).rejects.toMatchObject({
      userMessage: "Delivery not found",
    });
  });

  it("are managed by administrators only; a second delete is 'not found'", async () => {
    const { endpoint, adminActor, user } = await setup();
    const userActor: Actor = { userId: user.id, role: "USER", context: context() };
    for (const p of [
      createWebhookEndpoint({ actor: userActor, url: url + "/x", description: "", events: ["*"], enabled: true }),
      deleteWebhookEndpoint({ actor: userActor, endpointId: endpoint.id }),
      rotateWebhookSecret({ actor: userActor, endpointId: endpoint.id }),
      sendTestWebhook({ actor: userActor, endpointId: endpoint.id }),
      getWebhookEndpoint({ actor: userActor, endpointId: endpoint.id }),
    ])
      await expect(p).rejects.toMatchObject({ code: "FORBIDDEN" });
    await deleteWebhookEndpoint({ actor: adminActor, endpointId: endpoint.id });
    const again = deleteWebhookEndpoint({ actor: adminActor, endpointId: endpoint.id });
    await expect(again).rejects.toBeInstanceOf(AppError);
    await expect(again).rejects.toMatchObject({ userMessage: "Webhook endpoint not found" });
    expect(
      await db.auditEvent.count({ where: { type: "WEBHOOK_ENDPOINT_DELETED", detail: { path: ["endpointId"], equals: endpoint.id } } }),
    ).toBe(1);
  });
});

describe("webhook rules", () => {
  it("match event patterns", () => {
    expect(matchesEventPattern("*", "session.created")).toBe(true);
    expect(matchesEventPattern("session.*", "session.revoked")).toBe(true);
    expect(matchesEventPattern("session.*", "sessions.x")).toBe(false);
    expect(matchesEventPattern("mfa.authenticator.*", "mfa.authenticator.reset")).toBe(true);
    expect(matchesEventPattern("device.deleted", "device.created")).toBe(false);
  });

  it("back off exponentially, within ±20 %, at most 12 h", () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(2, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(5, () => 0.5)).toBe(480_000);
    expect(retryDelayMs(40, () => 0.5)).toBe(12 * 3_600_000);
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, () => 1)).toBe(36_000);
  });

  it("give a session's event the actor of its transaction's audit row", () => {
    const row = (over: Partial<OutboxRow>): OutboxRow => ({
      seq: 1n,
      txid: 9n,
      source: "audit",
      userId: "u",
      deviceId: "d",
      sessionId: null,
      auditType: null,
      actorId: null,
      detail: {},
      reason: null,
      occurredAt: new Date(0),
      ...over,
    });
    const events = eventsOfTransaction([
      row({ source: "session.revoked", sessionId: "s", reason: "DEVICE_UNTRUSTED" }),
      row({ auditType: "DEVICE_UNTRUSTED", actorId: null, detail: { via: "server key “CI”" } }),
    ]);
    expect(events.map((e) => e.type)).toEqual(["session.revoked", "device.untrusted"]);
    expect(events[0]!.data).toMatchObject({ reason: "device_untrusted", actor: { type: "api_credential", name: "server key “CI”" } });
    expect(eventsOfTransaction([row({ auditType: "SIGN_IN_FAILED" }), row({ auditType: "STEP_UP", actorId: "u" })])).toEqual([]);
    // An administrator ending one session: reason "admin", not "user".
    const byAdmin = eventsOfTransaction([
      row({ source: "session.revoked", sessionId: "s", reason: "SESSION_REVOKED" }),
      row({ auditType: "SESSION_REVOKED", actorId: "an-admin" }),
    ]);
    expect(byAdmin[0]!.data).toMatchObject({ reason: "admin", actor: { type: "admin", id: "an-admin" } });
    const byUser = eventsOfTransaction([
      row({ source: "session.revoked", reason: "SESSION_REVOKED" }),
      row({ auditType: "SESSION_REVOKED", actorId: "u" }),
    ]);
    expect(byUser[0]!.data).toMatchObject({ reason: "user", actor: { type: "user" } });
    // "This wasn't me" in a new-device email: the user untrusted it, through the link.
    const reported = eventsOfTransaction([
      row({ source: "session.revoked", reason: "DEVICE_UNTRUSTED" }),
      row({ auditType: "DEVICE_NOT_RECOGNIZED", actorId: "u", detail: { through: "email-link" } }),
    ]);
    expect(reported.map((e) => e.type)).toEqual(["session.revoked", "device.untrusted"]);
    expect(reported[1]!.data).toMatchObject({ reported_by_user: true, actor: { type: "user" } });
    // Apps: allowed by the user, removed (with the app's sign-outs as session-less events of their own).
    const apps = eventsOfTransaction([
      row({ auditType: "APP_AUTHORIZED", actorId: "u", detail: { clientId: "c", appName: "Wiki", scopes: ["openid", "email"] } }),
      row({ auditType: "APP_SIGNED_IN", actorId: "u", detail: { clientId: "c", appName: "Wiki" } }),
      row({ auditType: "APP_ACCESS_REMOVED", actorId: "an-admin", detail: { clientId: "c", appName: "Wiki", grantsEnded: 1 } }),
      row({ auditType: "APP_ACCESS_REMOVED", actorId: "an-admin", detail: { clientId: "c", appName: "Wiki", cause: "disabled" } }),
      row({ auditType: "APP_TOKEN_REPLAYED", actorId: null, detail: { clientId: "c", appName: "Wiki", grantType: "refresh_token" } }),
    ]);
    expect(apps.map((e) => [e.type, e.data])).toEqual([
      [
        "app.authorized",
        expect.objectContaining({ client_id: "c", app_name: "Wiki", scopes: ["openid", "email"], actor: { type: "user", id: "u" } }),
      ],
      [
        "app.access_removed",
        expect.objectContaining({ client_id: "c", app_name: "Wiki", cause: null, actor: { type: "admin", id: "an-admin" } }),
      ],
      ["app.access_removed", expect.objectContaining({ client_id: "c", cause: "disabled" })],
      [
        "app.token_replayed",
        expect.objectContaining({ client_id: "c", app_name: "Wiki", grant_type: "refresh_token", actor: { type: "system" } }),
      ],
    ]);
  });
});
