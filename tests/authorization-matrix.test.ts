// Who may call every REST route: one row per route in the registry, one column per kind of caller,
// the expected HTTP status in each cell — run against a real database and the real route pipeline.
// A route the table does not list fails the suite. A refused request changes nothing, so the next
// caller of the same route asks the same world; after a success, the next one gets a fresh world.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { db } from "@/server/db/client";
import { API_ROUTES } from "@/server/api/registry";
import { runRoute, type AnyRoute } from "@/server/api/route";
import { generateToken } from "@/server/api-tokens/token-secret";
import { getAuthSecret } from "@/server/config";
import { sessionCookieName } from "@/server/auth/cookies";
import { apiRequest, createUser } from "./factories";

const CALLERS = [
  "anonymous",
  "owner",
  "otherUser",
  "admin",
  "serverKey",
  "revokedToken",
  "expiredToken",
  "disabledUser",
  "sessionCookie",
  "revokedCookie",
  "expiredCookie",
] as const;
type Caller = (typeof CALLERS)[number];

/**
 * Expected status per caller, in CALLERS order. The owner owns the device and the authenticators
 * the path names; "otherUser" is another plain user, "admin" an administrator's personal token.
 */
// prettier-ignore
const MATRIX: Record<string, string> = {
  //                                                        anon own  oth  adm  srv  rev  exp  dis  ck   rck  eck
  "GET /api/v1/settings/devices":                          "401 200 200 200 403 401 401 401 200 401 401",
  "DELETE /api/v1/settings/devices/{deviceId}":            "401 200 404 404 403 401 401 401 401 401 401",
  "POST /api/v1/devices/{id}/untrust":                     "401 200 404 404 403 401 401 401 401 401 401",
  "GET /api/v1/users/{userId}/devices":                    "401 403 403 403 200 401 401 401 401 401 401",
  "POST /api/v1/users/{userId}/devices/{deviceId}/invalidate": "401 403 403 403 200 401 401 401 401 401 401",
  "POST /api/v1/users/{userId}/devices/2fa/oath":          "401 403 403 200 200 401 401 401 401 401 401",
  "POST /api/v1/users/{userId}/devices/2fa/push":          "401 403 403 200 200 401 401 401 401 401 401",
  "GET /api/v1/users/{userId}/devices/2fa/webauthn":       "401 403 403 200 200 401 401 401 401 401 401",
  "POST /api/v1/users/{userId}/devices/2fa/webauthn":      "401 403 403 400 400 401 401 401 401 401 401",
  "DELETE /api/v1/users/{userId}/devices/2fa/webauthn/{uuid}": "401 403 403 200 200 401 401 401 401 401 401",
  "GET /api/v1/users/{userId}/devices/2fa/binding":        "401 403 403 200 200 401 401 401 401 401 401",
  "POST /api/v1/users/{userId}/devices/2fa/binding":       "401 403 403 400 400 401 401 401 401 401 401",
  "DELETE /api/v1/users/{userId}/devices/2fa/binding/{uuid}": "401 403 403 200 200 401 401 401 401 401 401",
  // Authenticated by the JWT in its body, whoever calls: an unknown mechanism is a 404 for all.
  "POST /api/v1/push/sns/message":                         "404 404 404 404 404 404 404 404 404 404 404",
  "POST /api/v1/mfa/push":                                 "401 201 201 201 403 401 401 401 201 401 401",
  "POST /api/v1/mfa/binding":                              "401 201 201 201 403 401 401 401 201 401 401",
  "GET /api/v1/openapi.json":                              "200 200 200 200 200 200 200 200 200 200 200",
  "GET /api/health":                                       "200 200 200 200 200 200 200 200 200 200 200",
  "GET /api/ready":                                        "200 200 200 200 200 200 200 200 200 200 200",
  "GET /api/v1/webhooks":                                  "401 403 403 200 200 401 401 401 401 401 401",
  "POST /api/v1/webhooks":                                 "401 403 403 201 201 401 401 401 401 401 401",
  "DELETE /api/v1/webhooks/{webhookId}":                   "401 403 403 200 200 401 401 401 401 401 401",
  "GET /api/v1/apps":                                      "401 403 403 200 200 401 401 401 401 401 401",
  "POST /api/v1/apps":                                     "401 403 403 201 201 401 401 401 401 401 401",
  "GET /api/v1/apps/{appId}":                              "401 403 403 200 200 401 401 401 401 401 401",
  "PATCH /api/v1/apps/{appId}":                            "401 403 403 200 200 401 401 401 401 401 401",
  "DELETE /api/v1/apps/{appId}":                           "401 403 403 200 200 401 401 401 401 401 401",
  "POST /api/v1/apps/{appId}/rotate-secret":               "401 403 403 200 200 401 401 401 401 401 401",
  "POST /api/v1/apps/{appId}/disable":                     "401 403 403 200 200 401 401 401 401 401 401",
  "POST /api/v1/apps/{appId}/enable":                      "401 403 403 200 200 401 401 401 401 401 401",
  "GET /api/me":                                           "401 200 200 200 403 401 401 401 200 401 401",
  // The dashboard's feed: its session cookie only.
  "GET /api/me/devices":                                   "401 401 401 401 401 401 401 401 200 401 401",
};

const key = (r: AnyRoute) => `${r.method} ${r.path}`;
const MATRIX_TOKEN = "authorization-matrix";
const MATRIX_HOOK = "https://93.184.215.14/authorization-matrix";
const MATRIX_APP = "authorization-matrix";

async function token(kind: "PERSONAL" | "SERVER", userId: string | null, extra: { revokedAt?: Date; expiresAt?: Date } = {}) {
  const { token, tokenHash, prefix } = generateToken(kind);
  await db.apiToken.create({ data: { kind, userId, name: MATRIX_TOKEN, tokenHash, prefix, ...extra } });
  return token;
}

async function cookieFor(userId: string, deviceId: string, session: { revokedAt?: Date; expiresAt?: Date } = {}) {
  const s = await db.session.create({
    data: { userId, deviceId, expiresAt: session.expiresAt ?? new Date(Date.now() + 86_400_000), revokedAt: session.revokedAt ?? null },
  });
  return `${sessionCookieName()}=${await encode({ token: { sub: userId, sid: s.id }, secret: getAuthSecret() })}`;
}

/** Everything a row's cells need: the owner's device and authenticators, and every kind of caller. */
type World = Awaited<ReturnType<typeof world>>;
async function world() {
  const owner = await createUser();
  const device = await db.device.create({ data: { userId: owner.id, name: "Phone" } });
  await db.session.create({ data: { userId: owner.id, deviceId: device.id, expiresAt: new Date(Date.now() + 86_400_000) } });
  const auth = (kind: "TOTP" | "PUSH" | "WEBAUTHN" | "BINDING") =>
    db.authenticator.create({
      data: { userId: owner.id, kind, name: kind, ...(kind === "WEBAUTHN" && { credentialId: crypto.randomUUID() }) },
    });
  const [, , webauthn, binding] = await Promise.all([auth("TOTP"), auth("PUSH"), auth("WEBAUTHN"), auth("BINDING")]);
  const other = await createUser();
  const admin = await createUser({ role: "ADMIN" });
  const disabled = await createUser();
  const disabledToken = await token("PERSONAL", disabled.id);
  await db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
  const credentials: Record<Caller, Record<string, string>> = {
    anonymous: {},
    owner: { authorization: `Bearer ${await token("PERSONAL", owner.id)}` },
    otherUser: { authorization: `Bearer ${await token("PERSONAL", other.id)}` },
    admin: { authorization: `Bearer ${await token("PERSONAL", admin.id)}` },
    serverKey: { authorization: `Bearer ${await token("SERVER", null)}` },
    revokedToken: { authorization: `Bearer ${await token("PERSONAL", owner.id, { revokedAt: new Date() })}` },
    expiredToken: { authorization: `Bearer ${await token("PERSONAL", owner.id, { expiresAt: new Date(Date.now() - 1000) })}` },
    disabledUser: { authorization: `Bearer ${disabledToken}` },
    sessionCookie: { cookie: await cookieFor(owner.id, device.id) },
    revokedCookie: { cookie: await cookieFor(owner.id, device.id, { revokedAt: new Date() }) },
    expiredCookie: { cookie: await cookieFor(owner.id, device.id, { expiresAt: new Date(Date.now() - 1000) }) },
  };
  // Off, so the outbox triggers stay quiet; an IP literal, so the SSRF guard needs no DNS.
  const hook = await db.webhookEndpoint.create({ data: { url: MATRIX_HOOK, events: ["*"], enabled: false, secretEnc: "v1.x" } });
  const app = await db.oidcClient.create({
    data: { name: MATRIX_APP, redirectUris: ["https://93.184.215.14/callback"], scopes: ["openid"] },
  });
  const params = { deviceId: device.id, id: device.id, userId: owner.id, uuid: "", webhookId: hook.id, appId: app.id };
  return { credentials, params, webauthn: webauthn.id, binding: binding.id, ownerId: owner.id };
}

const QUERY: Record<string, string> = {
  oath: "_action=reset",
  push: "_action=reset",
  "webauthn:GET": "_queryFilter=true",
  "binding:GET": "_queryFilter=true",
  "webauthn:POST": "_action=reset",
  "binding:POST": "_action=reset",
};
const BODY: Record<string, object> = {
  "/api/v1/push/sns/message": { mechanismUid: crypto.randomUUID(), username: "nobody@test.example", jwt: "a.b.c" },
  "/api/v1/mfa/push": { deviceName: "Phone", platformDeviceId: "matrix-device", pushToken: "push-token" },
  "/api/v1/mfa/binding": { deviceName: "Phone", platformDeviceId: "matrix-device", publicKey: "A".repeat(43) },
  "/api/v1/webhooks": { url: MATRIX_HOOK, events: ["session.*"], enabled: false },
  "/api/v1/apps": { name: MATRIX_APP, redirect_uris: ["https://93.184.215.14/callback"] },
  "PATCH /api/v1/apps/{appId}": { first_party: true },
};

async function call(route: AnyRoute, caller: Caller, w: World): Promise<number> {
  const kind = /2fa\/(\w+)/.exec(route.path)?.[1];
  const params = { ...w.params, uuid: kind === "webauthn" ? w.webauthn : w.binding };
  const query = route.path.endsWith("/push/sns/message")
    ? "_action=refresh"
    : (QUERY[`${kind}:${route.method}`] ?? (kind && !route.path.endsWith("}") ? QUERY[kind] : undefined) ?? "");
  const body = route.method === "POST" ? BODY[route.path] : BODY[`${route.method} ${route.path}`];
  const req = apiRequest({
    method: route.method,
    path: route.path,
    headers: { ...w.credentials[caller], ...(body && { "content-type": "application/json" }) },
    body: body ? JSON.stringify(body) : "",
  });
  return (await runRoute(route, { ...req, query: new URLSearchParams(query) }, params)).status;
}

/** What a world leaves that counts toward installation-wide caps (other test files share a PostgreSQL database). */
async function discard(): Promise<void> {
  await db.apiToken.updateMany({ where: { name: MATRIX_TOKEN, kind: "SERVER", revokedAt: null }, data: { revokedAt: new Date() } });
  await db.webhookEndpoint.deleteMany({ where: { url: MATRIX_HOOK } });
  await db.oidcClient.deleteMany({ where: { name: MATRIX_APP } });
}

describe("authorization matrix (REST)", () => {
  it("lists every route of the registry, and nothing else", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(API_ROUTES.map(key).sort());
  });

  for (const route of API_ROUTES) {
    const expected = (MATRIX[key(route)] ?? "").split(/\s+/).filter(Boolean).map(Number);
    it(`${key(route)}`, async () => {
      const got: Record<string, number> = {};
      let w: World | undefined;
      try {
        for (const caller of CALLERS) {
          w ??= await world();
          const history = await db.auditEvent.count({ where: { userId: w.ownerId } });
          got[caller] = await call(route, caller, w);
          // What lets the next caller ask the same world: a refusal changed nothing (not even a history line).
          if (got[caller] >= 400) expect(await db.auditEvent.count({ where: { userId: w.ownerId } }), `${caller} refused`).toBe(history);
          if (got[caller] < 400) {
            await discard();
            w = undefined;
          }
        }
      } finally {
        await discard();
      }
      expect(got).toEqual(Object.fromEntries(CALLERS.map((c, i) => [c, expected[i]])));
    });
  }
});
