// Contract tests: every REST route over HTTP against the running app; each response (success and
// every error status) is validated against /api/v1/openapi.json, and the seeds' literal example
// bodies are compared as written in ../shared/seeds.
import { expect } from "@playwright/test";
import { test } from "./support/api-test";
import { createUser, sessionsOf, sql } from "./support/db";
import { signInOverHttp } from "./support/auth";
import { basic, bearer, createAuthenticator, createDevice, createToken, OpenApiValidator } from "./support/api";

let api: OpenApiValidator;
test.beforeAll(async ({ request }) => {
  api = await OpenApiValidator.load(request);
});

// Raw bytes: Playwright would JSON-encode a string sent with a JSON content type.
const raw = (text: string) => Buffer.from(text);
const BIG = raw(JSON.stringify({ pad: "x".repeat(20_000) }));
const json = { "content-type": "application/json" };
const missing = "00000000-0000-4000-8000-000000000000";
/** Bodies the document does not allow where a route takes none (it allows none, a JSON object or an empty array). */
const NOT_EMPTY_BODIES = ["null", '"str"', "5", "true", "[1]"];
const NOT_EMPTY_MESSAGE = "The body must be empty, a JSON object or an empty array.";

test("/settings/devices API: GET /settings/devices and DELETE /settings/devices/{deviceId}", async ({ request, browser }) => {
  const user = await createUser();
  const other = await createUser();
  const device = await createDevice(user.id, { name: "Kitchen tablet" });
  const foreign = await createDevice(other.id);
  const { token } = await createToken("PERSONAL", user.id);
  const { token: serverKey } = await createToken("SERVER", null);
  const list = "/settings/devices";
  const item = "/settings/devices/{deviceId}";

  const listed = (await api.expect(await request.get(`/api/v1${list}`, { headers: bearer(token) }), list, "get", 200)) as {
    devices: { deviceId: string; name: string }[];
  };
  expect(listed.devices.map((d) => d.name)).toEqual(["Kitchen tablet"]);
  expect(listed.devices[0]).toMatchObject({ deviceId: device.id, activeSessions: 1, trusted: false, current: false, type: "desktop" });

  await api.expect(await request.get(`/api/v1${list}`), list, "get", 401);
  await api.expect(await request.get(`/api/v1${list}`, { headers: bearer("pat_not_a_real_token") }), list, "get", 401);
  await api.expect(await request.get(`/api/v1${list}`, { headers: basic(serverKey) }), list, "get", 403);
  await api.expect(await request.post(`/api/v1${list}`, { headers: bearer(token) }), list, "get", 405);

  // The dashboard's own session cookie works for GET (and only for GET).
  const browserContext = await browser.newContext();
  await signInOverHttp(browserContext, user);
  const viaCookie = (await api.expect(await browserContext.request.get(`/api/v1${list}`), list, "get", 200)) as {
    devices: { current: boolean }[];
  };
  expect(viaCookie.devices.filter((d) => d.current)).toHaveLength(1);
  await api.expect(await browserContext.request.delete(`/api/v1/settings/devices/${device.id}`), item, "delete", 401);
  await browserContext.close();

  const url = `/api/v1/settings/devices/${device.id}`;
  await api.expect(await request.delete(url), item, "delete", 401);
  await api.expect(await request.delete(url, { headers: basic(serverKey) }), item, "delete", 403);
  await api.expect(await request.delete(`/api/v1/settings/devices/${foreign.id}`, { headers: bearer(token) }), item, "delete", 404);
  await api.expect(await request.delete("/api/v1/settings/devices/not-a-uuid", { headers: bearer(token) }), item, "delete", 404);
  await api.expect(
    await request.delete(url, { headers: { ...bearer(token), "content-type": "text/plain" }, data: "remove it" }),
    item,
    "delete",
    415,
  );
  await api.expect(await request.delete(url, { headers: { ...bearer(token), ...json }, data: raw("{oops") }), item, "delete", 400);
  await api.expect(await request.delete(url, { headers: { ...bearer(token), ...json }, data: BIG }), item, "delete", 413);
  const put = await request.put(url, { headers: bearer(token) });
  expect(put.status()).toBe(405);
  expect(put.headers().allow).toBe("DELETE, OPTIONS");
  const options = await request.fetch(url, { method: "OPTIONS" });
  expect(options.status()).toBe(204);
  expect(options.headers().allow).toBe("DELETE, OPTIONS");
  expect(await put.json()).toEqual({ message: "PUT is not allowed here; use DELETE." });

  const removed = await api.expect(await request.delete(url, { headers: { ...bearer(token), ...json }, data: {} }), item, "delete", 200);
  expect(removed).toEqual({ message: "Device successfully removed" }); // the /settings/devices API's literal example
  expect((await sessionsOf(user.id)).find((s) => s.id === device.sessionId)?.revokedReason).toBe("DEVICE_DELETED");
  expect(await api.expect(await request.delete(url, { headers: bearer(token) }), item, "delete", 404)).toEqual({
    message: "Device not found",
  });
  // The other user's device was never touched.
  expect((await sessionsOf(other.id)).every((s) => s.revokedAt === null)).toBe(true);
});

test("Flashback: POST /devices/{id}/untrust", async ({ request }) => {
  const user = await createUser();
  const device = await createDevice(user.id, { trusted: true });
  const { token } = await createToken("PERSONAL", user.id);
  const { token: serverKey } = await createToken("SERVER", null);
  const path = "/devices/{id}/untrust";
  const url = `/api/v1/devices/${device.id}/untrust`;

  await api.expect(await request.post(url), path, "post", 401);
  await api.expect(await request.post(url, { headers: basic(serverKey) }), path, "post", 403);
  await api.expect(await request.post(url, { headers: { ...bearer(token), ...json }, data: raw("[1,") }), path, "post", 400);
  await api.expect(
    await request.post(url, { headers: { ...bearer(token), "content-type": "application/x-www-form-urlencoded" }, data: "a=1" }),
    path,
    "post",
    415,
  );
  await api.expect(await request.post(url, { headers: { ...bearer(token), ...json }, data: BIG }), path, "post", 413);
  const get = await request.get(url, { headers: bearer(token) });
  expect(get.status()).toBe(405);
  expect(await get.json()).toEqual({ success: false, error: "GET is not allowed here; use POST." });

  // Flashback's PHP sample sends `[]`; its curl sample no body at all.
  const ok = await api.expect(await request.post(url, { headers: { ...bearer(token), ...json }, data: [] }), path, "post", 200);
  expect(ok).toEqual({ success: true, message: "Device untrusted successfully" }); // Flashback's literal 200
  expect((await sessionsOf(user.id))[0]?.revokedReason).toBe("DEVICE_UNTRUSTED");
  const { rows } = await sql().query(`SELECT "trustedAt", "rememberedUntil" FROM "Device" WHERE id = $1`, [device.id]);
  expect(rows[0]).toEqual({ trustedAt: null, rememberedUntil: null });
  expect(await api.expect(await request.post(url, { headers: bearer(token) }), path, "post", 200)).toEqual({
    success: true,
    message: "Device untrusted successfully",
  });

  const notFound = { success: false, error: "Device not found" }; // Flashback's literal 404
  expect(await api.expect(await request.post(`/api/v1/devices/${missing}/untrust`, { headers: bearer(token) }), path, "post", 404)).toEqual(
    notFound,
  );
  expect(await api.expect(await request.post("/api/v1/devices/device-id/untrust", { headers: bearer(token) }), path, "post", 404)).toEqual(
    notFound,
  );
});

test("Authsignal: GET /users/{userId}/devices and POST …/{deviceId}/invalidate with a server key", async ({ request }) => {
  const user = await createUser();
  const app = await createDevice(user.id, { trusted: true, method: "AUTHENTICATOR_APP" });
  const pw = await createDevice(user.id, { method: "PASSWORD" });
  const { token: serverKey } = await createToken("SERVER", null);
  const { token: pat } = await createToken("PERSONAL", user.id);
  const admin = await createUser({ role: "ADMIN" });
  const { token: adminPat } = await createToken("PERSONAL", admin.id);
  const list = "/users/{userId}/devices";
  const inv = "/users/{userId}/devices/{deviceId}/invalidate";
  const SEED_KEYS = ["userId", "deviceId", "createdAt", "authenticatedAt", "invalidatedAt", "rememberedUntil", "lastVerificationMethod"];

  type UserDevice = Record<string, string>;
  const devices = (await api.expect(
    await request.get(`/api/v1/users/${user.id}/devices`, { headers: basic(serverKey) }),
    list,
    "get",
    200,
  )) as UserDevice[];
  expect(devices.map((d) => d.deviceId).sort()).toEqual([app.id, pw.id].sort());
  for (const d of devices) expect(SEED_KEYS).toEqual(expect.arrayContaining(Object.keys(d)));
  const byId = Object.fromEntries(devices.map((d) => [d.deviceId, d]));
  expect(byId[app.id]).toMatchObject({ userId: user.id, lastVerificationMethod: "AUTHENTICATOR_APP", rememberedUntil: expect.any(String) });
  expect(byId[pw.id]).not.toHaveProperty("lastVerificationMethod"); // PASSWORD is not one of Authsignal's methods: omitted
  expect(byId[pw.id]).not.toHaveProperty("invalidatedAt");

  const errorShape = { error: expect.any(String), errorDescription: expect.any(String) };
  expect(await api.expect(await request.get(`/api/v1/users/${user.id}/devices`), list, "get", 401)).toMatchObject(errorShape);
  await api.expect(await request.get(`/api/v1/users/${user.id}/devices`, { headers: basic("sk_unknown_key_123") }), list, "get", 401);
  await api.expect(
    await request.get(`/api/v1/users/${user.id}/devices`, { headers: { Authorization: "Basic %%%notbase64" } }),
    list,
    "get",
    401,
  );
  await api.expect(
    await request.get(`/api/v1/users/${user.id}/devices`, {
      headers: { Authorization: `Basic ${Buffer.from(serverKey).toString("base64")}` },
    }),
    list,
    "get",
    401,
  );
  await api.expect(await request.get(`/api/v1/users/${user.id}/devices`, { headers: bearer(pat) }), list, "get", 403);
  await api.expect(await request.get(`/api/v1/users/${user.id}/devices`, { headers: bearer(adminPat) }), list, "get", 403);
  expect(await api.expect(await request.get(`/api/v1/users/${missing}/devices`, { headers: basic(serverKey) }), list, "get", 404)).toEqual({
    error: "not_found",
    errorDescription: "User not found",
  });
  await api.expect(await request.get("/api/v1/users/alice/devices", { headers: basic(serverKey) }), list, "get", 404);

  const url = `/api/v1/users/${user.id}/devices/${app.id}/invalidate`;
  await api.expect(await request.post(url), inv, "post", 401);
  await api.expect(await request.post(url, { headers: bearer(pat) }), inv, "post", 403);
  await api.expect(
    await request.post(`/api/v1/users/${user.id}/devices/${missing}/invalidate`, { headers: basic(serverKey) }),
    inv,
    "post",
    404,
  );
  await api.expect(
    await request.post(`/api/v1/users/${admin.id}/devices/${app.id}/invalidate`, { headers: basic(serverKey) }),
    inv,
    "post",
    404,
  );
  await api.expect(
    await request.post(url, { headers: { ...basic(serverKey), "content-type": "text/plain" }, data: "x" }),
    inv,
    "post",
    415,
  );
  await api.expect(await request.post(url, { headers: { ...basic(serverKey), ...json }, data: raw("nope") }), inv, "post", 400);
  await api.expect(await request.post(url, { headers: { ...basic(serverKey), ...json }, data: BIG }), inv, "post", 413);
  for (const body of NOT_EMPTY_BODIES) {
    expect(
      await api.expect(await request.post(url, { headers: { ...basic(serverKey), ...json }, data: raw(body) }), inv, "post", 400),
      body,
    ).toEqual({ error: "invalid_request", errorDescription: NOT_EMPTY_MESSAGE });
  }
  expect((await sql().query(`SELECT "invalidatedAt" FROM "Device" WHERE id = $1`, [app.id])).rows[0].invalidatedAt).toBeNull();

  const invalidated = (await api.expect(await request.post(url, { headers: basic(serverKey) }), inv, "post", 200)) as UserDevice;
  expect(invalidated).toMatchObject({ userId: user.id, deviceId: app.id, lastVerificationMethod: "AUTHENTICATOR_APP" });
  expect(Date.parse(invalidated.invalidatedAt!)).toBeGreaterThan(Date.now() - 60_000);
  expect(invalidated).not.toHaveProperty("rememberedUntil"); // no longer remembered
  expect((await sessionsOf(user.id)).find((s) => s.id === app.sessionId)?.revokedReason).toBe("DEVICE_INVALIDATED");
  // Audited as done through the API, by the key.
  const { rows } = await sql().query(`SELECT "actorId", detail FROM "AuditEvent" WHERE "userId" = $1 AND type = 'DEVICE_INVALIDATED'`, [
    user.id,
  ]);
  expect(rows).toHaveLength(1);
  expect(rows[0].actorId).toBeNull();
  expect(rows[0].detail.via).toMatch(/^server API key/);
});

test("Ping Identity AIC: OATH/push reset, WebAuthn and bound-device listing and deletion — /api/v1 and Ping's own path", async ({
  request,
}) => {
  const carol = await createUser({ name: "Carol Tester" });
  const admin = await createUser({ role: "ADMIN" });
  const { token: adminPat } = await createToken("PERSONAL", admin.id);
  const { token: userPat } = await createToken("PERSONAL", carol.id);
  const { token: serverKey } = await createToken("SERVER", null);
  await createAuthenticator(carol.id, "TOTP");
  await createAuthenticator(carol.id, "PUSH");
  const passkey = await createAuthenticator(carol.id, "WEBAUTHN", "New Security Key");
  const bound = await createAuthenticator(carol.id, "BINDING", "iOS Device");
  const base = `/api/v1/users/${carol.id}/devices/2fa`;
  const ping = `/am/json/realms/root/realms/alpha/users/${carol.id}/devices/2fa`;
  const pingHeaders = { ...bearer(adminPat), "Accept-API-Version": "resource=1.0", ...json };
  const P = (kind: string) => `/users/{userId}/devices/2fa/${kind}`;

  // The reset's optional body: none, a JSON object or an empty array, as documented; anything else is a 400 and resets nothing.
  for (const kind of ["oath", "push"]) {
    for (const body of NOT_EMPTY_BODIES) {
      expect(
        await api.expect(
          await request.post(`${ping}/${kind}?_action=reset`, { headers: pingHeaders, data: raw(body) }),
          P(kind),
          "post",
          400,
        ),
        `${kind} ${body}`,
      ).toEqual({ code: 400, reason: "Bad Request", message: NOT_EMPTY_MESSAGE });
    }
  }
  expect((await sql().query(`SELECT count(*)::int AS n FROM "Authenticator" WHERE "userId" = $1`, [carol.id])).rows[0].n).toBe(4);

  // Reset OATH, exactly as the seed's curl does it (on Ping's path shape).
  expect(
    await api.expect(await request.post(`${ping}/oath?_action=reset`, { headers: pingHeaders, data: {} }), P("oath"), "post", 200),
  ).toEqual({ result: true });
  expect(
    await api.expect(
      await request.post(`${base}/push?_action=reset`, { headers: { ...basic(serverKey), ...json }, data: {} }),
      P("push"),
      "post",
      200,
    ),
  ).toEqual({ result: true });
  const kinds = (await sql().query(`SELECT kind FROM "Authenticator" WHERE "userId" = $1 `, [carol.id])).rows.map((r) => r.kind).sort();
  expect(kinds).toEqual(["WEBAUTHN", "BINDING"].sort());

  const PAGING = {
    resultCount: 1,
    pagedResultsCookie: null,
    totalPagedResultsPolicy: "NONE",
    totalPagedResults: -1,
    remainingPagedResults: -1,
  };
  const webauthn = (await api.expect(
    await request.get(`${ping}/webauthn?_queryFilter=true`, { headers: bearer(adminPat) }),
    P("webauthn"),
    "get",
    200,
  )) as { result: Record<string, unknown>[] };
  expect(webauthn).toMatchObject(PAGING);
  expect(Object.keys(webauthn.result[0]!)).toEqual([
    "_id",
    "_rev",
    "createdDate",
    "lastAccessDate",
    "credentialId",
    "deviceName",
    "uuid",
    "deviceManagementStatus",
  ]);
  expect(webauthn.result[0]).toMatchObject({ _id: passkey, uuid: passkey, deviceName: "New Security Key", deviceManagementStatus: false });
  const binding = (await api.expect(
    await request.get(`${base}/binding?_queryFilter=true`, { headers: bearer(serverKey) }),
    P("binding"),
    "get",
    200,
  )) as { result: Record<string, unknown>[] };
  expect(binding).toMatchObject(PAGING);
  expect(Object.keys(binding.result[0]!)).toEqual([
    "_id",
    "_rev",
    "createdDate",
    "lastAccessDate",
    "deviceId",
    "deviceName",
    "uuid",
    "deviceManagementStatus",
  ]);
  expect(binding.result[0]).toMatchObject({ _id: bound, deviceName: "iOS Device" });

  // reset isn't implemented on webauthn/binding (Ping Identity AIC): 400 in Ping's error shape.
  for (const kind of ["webauthn", "binding"]) {
    const body = await api.expect(
      await request.post(`${base}/${kind}?_action=reset`, { headers: pingHeaders, data: {} }),
      P(kind),
      "post",
      400,
    );
    expect(body).toEqual({
      code: 400,
      reason: "Bad Request",
      message: expect.stringContaining(`reset action isn't implemented on the ${kind} endpoint`),
    });
  }
  await api.expect(await request.get(`${base}/webauthn`, { headers: bearer(adminPat) }), P("webauthn"), "get", 400);
  await api.expect(await request.get(`${base}/webauthn?_queryFilter=false`, { headers: bearer(adminPat) }), P("webauthn"), "get", 400);
  await api.expect(await request.post(`${base}/oath?_action=delete`, { headers: bearer(adminPat) }), P("oath"), "post", 400);
  await api.expect(await request.post(`${base}/oath`, { headers: bearer(adminPat) }), P("oath"), "post", 400);

  // Credentials: none → 401; a non-admin's token → 403 (also for their own userId).
  const anonymous = await request.get(`${base}/webauthn?_queryFilter=true`);
  expect(anonymous.headers()["www-authenticate"]).toBe('Bearer realm="devicekeeper", Basic realm="devicekeeper"');
  expect(await api.expect(anonymous, P("webauthn"), "get", 401)).toEqual({
    code: 401,
    reason: "Unauthorized",
    message: expect.any(String),
  });
  await api.expect(await request.post(`${base}/oath?_action=reset`, { headers: bearer(userPat) }), P("oath"), "post", 403);
  await api.expect(
    await request.post(`${base}/push?_action=reset`, { headers: bearer("pat_revoked_or_never_was") }),
    P("push"),
    "post",
    401,
  );
  await api.expect(
    await request.post(`/api/v1/users/${missing}/devices/2fa/oath?_action=reset`, { headers: bearer(adminPat) }),
    P("oath"),
    "post",
    404,
  );
  await api.expect(
    await request.post(`${base}/oath?_action=reset`, { headers: { ...bearer(adminPat), "content-type": "text/xml" }, data: "<x/>" }),
    P("oath"),
    "post",
    415,
  );
  await api.expect(
    await request.post(`${base}/oath?_action=reset`, { headers: { ...bearer(adminPat), ...json }, data: BIG }),
    P("oath"),
    "post",
    413,
  );
  await api.expect(
    await request.post(`${base}/push?_action=reset`, { headers: { ...bearer(adminPat), ...json }, data: raw("{") }),
    P("push"),
    "post",
    400,
  );
  const wrong = await request.get(`${base}/oath`, { headers: bearer(adminPat) });
  expect(wrong.status()).toBe(405);
  expect(await wrong.json()).toEqual({ code: 405, reason: "Method Not Allowed", message: "GET is not allowed here; use POST." });

  // DELETE answers the deleted item; a second DELETE is a 404.
  const item = (k: string) => `/users/{userId}/devices/2fa/${k}/{uuid}`;
  const deleted = await api.expect(
    await request.delete(`${ping}/webauthn/${passkey}`, { headers: pingHeaders }),
    item("webauthn"),
    "delete",
    200,
  );
  // As the seed's example shows it — its keys, in its order, but recoveryCodes and key — with a new _rev.
  const listed = webauthn.result[0]!;
  expect(Object.keys(deleted as object)).toEqual([
    "_id",
    "_rev",
    "uuid",
    "createdDate",
    "lastAccessDate",
    "credentialId",
    "algorithm",
    "deviceName",
    "signCount",
  ]);
  expect(deleted).toMatchObject({
    _id: passkey,
    uuid: passkey,
    createdDate: listed.createdDate,
    lastAccessDate: listed.lastAccessDate,
    credentialId: listed.credentialId,
    algorithm: "SHA256withECDSA",
    deviceName: "New Security Key",
    signCount: 3,
  });
  expect((deleted as { _rev: string })._rev).not.toBe(listed._rev);
  await api.expect(await request.delete(`${ping}/webauthn/${passkey}`, { headers: pingHeaders }), item("webauthn"), "delete", 404);
  await api.expect(await request.delete(`${base}/binding/not-a-uuid`, { headers: bearer(adminPat) }), item("binding"), "delete", 404);
  await api.expect(await request.delete(`${base}/binding/${bound}`, { headers: bearer(userPat) }), item("binding"), "delete", 403);
  const deletedBinding = (await api.expect(
    await request.delete(`${base}/binding/${bound}`, { headers: basic(serverKey) }),
    item("binding"),
    "delete",
    200,
  )) as Record<string, unknown>;
  expect(Object.keys(deletedBinding)).toEqual([
    "_id",
    "_rev",
    "uuid",
    "createdDate",
    "lastAccessDate",
    "deviceId",
    "deviceName",
    "signCount",
  ]);
  expect(deletedBinding).toMatchObject({
    _id: bound,
    uuid: bound,
    deviceId: binding.result[0]!.deviceId,
    deviceName: "iOS Device",
    signCount: 0,
  });
  expect(deletedBinding._rev).not.toBe(binding.result[0]!._rev);
  const empty = await api.expect(
    await request.get(`${base}/binding?_queryFilter=true`, { headers: bearer(adminPat) }),
    P("binding"),
    "get",
    200,
  );
  expect(empty).toMatchObject({ result: [], resultCount: 0 });

  // The admin's actions are in carol's history, attributed to the admin, through the API.
  const { rows } = await sql().query(`SELECT type, "actorId", detail FROM "AuditEvent" WHERE "userId" = $1 ORDER BY "createdAt"`, [
    carol.id,
  ]);
  expect(rows.map((r) => r.type)).toEqual(["ADMIN_RESET_OATH", "ADMIN_RESET_PUSH", "ADMIN_DELETED_WEBAUTHN", "ADMIN_DELETED_BINDING"]);
  expect(rows[0].actorId).toBe(admin.id);
  expect(rows[0].detail.via).toBe("personal access token “e2e personal”");
});

test("Ping Identity AIC: push/sns/message refresh errors are documented; unknown paths are JSON 404s", async ({ request }) => {
  const path = "/push/sns/message";
  await api.expect(
    await request.post("/api/v1/push/sns/message?_action=refresh", { headers: { "content-type": "text/plain" }, data: "x" }),
    path,
    "post",
    415,
  );
  await api.expect(await request.post("/api/v1/push/sns/message", { data: {} }), path, "post", 400);
  await api.expect(await request.get("/api/v1/push/sns/message?_action=refresh"), path, "post", 405);
  await api.expect(
    await request.post("/am/json/realms/alpha/push/sns/message?_action=refresh", {
      data: { mechanismUid: missing, username: "x", jwt: "a.b.c" },
    }),
    path,
    "post",
    404,
  );
  for (const url of ["/api/v1/nothing", "/am/json/realms/root/users/x/devices/2fa/sms", "/am/json/nothing"]) {
    for (const method of ["GET", "OPTIONS"]) {
      const res = await request.fetch(url, { method });
      expect(res.status(), `${method} ${url}`).toBe(404);
      expect(res.headers()["content-type"]).toMatch(/^application\/json/);
    }
  }
  // Methods route handlers cannot serve (WebDAV's, say) are a JSON 405 in the family's shape.
  const propfind = await request.fetch("/api/v1/devices/x/untrust", { method: "PROPFIND" });
  expect(propfind.status()).toBe(405);
  expect(await propfind.json()).toEqual({ success: false, error: "PROPFIND is not supported." });
});

test("paths Next cannot route answer JSON in the family's shape: bad percent-encoding 400, overlong 414", async ({ request }) => {
  const { token } = await createToken("PERSONAL", (await createUser()).id);
  expect(
    await api.expect(
      await request.post("/api/v1/devices/%FF%FE/untrust", { headers: bearer(token) }),
      "/devices/{id}/untrust",
      "post",
      400,
    ),
  ).toEqual({ success: false, error: "The path is not valid percent-encoded UTF-8." });
  expect(
    await api.expect(
      await request.delete(`/api/v1/settings/devices/${"x".repeat(300)}`, { headers: bearer(token) }),
      "/settings/devices/{deviceId}",
      "delete",
      414,
    ),
  ).toEqual({ message: "The path is too long." });
  await api.expect(
    await request.get(`/am/json/realms/root/realms/alpha/users/${"%E0%A4%A"}/devices/2fa/webauthn?_queryFilter=true`),
    "/users/{userId}/devices/2fa/webauthn",
    "get",
    400,
  );
});

test("tokens stop working at once: revoked, expired, or the user disabled", async ({ request }) => {
  const user = await createUser();
  const path = "/settings/devices";
  const live = await createToken("PERSONAL", user.id);
  const expired = await createToken("PERSONAL", user.id, { expiresAt: new Date(Date.now() - 1000) });
  await api.expect(await request.get("/api/v1/settings/devices", { headers: bearer(live.token) }), path, "get", 200);
  await api.expect(await request.get("/api/v1/settings/devices", { headers: bearer(expired.token) }), path, "get", 401);
  await sql().query(`UPDATE "User" SET "disabledAt" = now() WHERE id = $1`, [user.id]);
  await api.expect(await request.get("/api/v1/settings/devices", { headers: bearer(live.token) }), path, "get", 401);
  await sql().query(`UPDATE "User" SET "disabledAt" = NULL WHERE id = $1`, [user.id]);
  const res = await request.get("/api/v1/settings/devices", { headers: bearer(live.token) });
  expect(res.status()).toBe(200);
  await sql().query(`UPDATE "ApiToken" SET "revokedAt" = now() WHERE id = $1`, [live.id]);
  const revoked = await request.get("/api/v1/settings/devices", { headers: bearer(live.token) });
  expect(revoked.status()).toBe(401);
  expect(revoked.headers()["www-authenticate"]).toBe('Bearer realm="devicekeeper"');
  const { rows } = await sql().query(`SELECT "lastUsedAt" FROM "ApiToken" WHERE id = $1`, [live.id]);
  expect(rows[0].lastUsedAt).not.toBeNull();
});

test("mobile authenticators: at the cap of 10 of a kind, one more registration is the documented 409", async ({ request }) => {
  const user = await createUser();
  const { token } = await createToken("PERSONAL", user.id);
  for (let i = 0; i < 10; i++) {
    await createAuthenticator(user.id, "PUSH");
    await createAuthenticator(user.id, "BINDING");
  }
  const push = { deviceName: "Phone 11", platformDeviceId: "phone-11", pushToken: "token-11" };
  const binding = { deviceName: "Phone 11", platformDeviceId: "phone-11", publicKey: "BGQ2b3J6aW5nLXB1YmxpYy1rZXktYnl0ZXM" };
  expect(
    await api.expect(await request.post("/api/v1/mfa/push", { headers: bearer(token), data: push }), "/mfa/push", "post", 409),
  ).toEqual({ error: "conflict", errorDescription: "You already have 10 push authenticators: remove one at /security first." });
  await api.expect(await request.post("/api/v1/mfa/binding", { headers: bearer(token), data: binding }), "/mfa/binding", "post", 409);
  const { rows } = await sql().query(`SELECT count(*)::int AS n FROM "Authenticator" WHERE "userId" = $1`, [user.id]);
  expect(rows[0].n).toBe(20);
});

test("Apps: POST /apps (the secret once), GET /apps, GET and DELETE /apps/{appId} — a server key or an administrator's token", async ({
  request,
}) => {
  const { token: serverKey } = await createToken("SERVER", null);
  const { token: adminToken } = await createToken("PERSONAL", (await createUser({ role: "ADMIN" })).id);
  const { token: userToken } = await createToken("PERSONAL", (await createUser()).id);
  const name = `Contract ${crypto.randomUUID().slice(0, 8)}`;
  const registration = { name, redirect_uris: ["https://contract.example.com/callback"], first_party: true };

  const created = (await api.expect(
    await request.post("/api/v1/apps", { headers: basic(serverKey), data: registration }),
    "/apps",
    "post",
    201,
  )) as { id: string; client_id: string; client_secret: string };
  expect(created).toMatchObject({ name, client_id: created.id, first_party: true, confidential: true, enabled: true });
  expect(created.client_secret).toMatch(/^dks_/);
  const item = `/api/v1/apps/${created.id}`;

  const listed = (await api.expect(await request.get("/api/v1/apps", { headers: bearer(adminToken) }), "/apps", "get", 200)) as {
    apps: Record<string, unknown>[];
  };
  expect(listed.apps.find((a) => a.id === created.id)).not.toHaveProperty("client_secret");
  expect(await api.expect(await request.get(item, { headers: bearer(serverKey) }), "/apps/{appId}", "get", 200)).toMatchObject({
    id: created.id,
    name,
  });

  await api.expect(await request.get("/api/v1/apps"), "/apps", "get", 401);
  await api.expect(await request.get("/api/v1/apps", { headers: bearer(userToken) }), "/apps", "get", 403);
  await api.expect(await request.post("/api/v1/apps", { headers: bearer(userToken), data: registration }), "/apps", "post", 403);
  await api.expect(await request.delete(item, { headers: bearer(userToken) }), "/apps/{appId}", "delete", 403);
  expect(
    await api.expect(
      await request.post("/api/v1/apps", { headers: basic(serverKey), data: { name, redirect_uris: ["not a url"] } }),
      "/apps",
      "post",
      400,
    ),
  ).toEqual({
    error: "invalid_request",
    message: "redirect_uris.0: Enter the redirect URI as an http:// or https:// URL, not “not a url”",
  });
  await api.expect(
    await request.post("/api/v1/apps", { headers: { ...basic(serverKey), "content-type": "text/plain" }, data: "name=x" }),
    "/apps",
    "post",
    415,
  );

  expect(await api.expect(await request.delete(item, { headers: basic(serverKey) }), "/apps/{appId}", "delete", 200)).toEqual({
    deleted: true,
  });
  expect(await api.expect(await request.delete(item, { headers: basic(serverKey) }), "/apps/{appId}", "delete", 404)).toEqual({
    error: "not_found",
    message: "App not found",
  });
  await api.expect(await request.get(item, { headers: basic(serverKey) }), "/apps/{appId}", "get", 404);
  await api.expect(await request.get("/api/v1/apps/not-a-uuid", { headers: basic(serverKey) }), "/apps/{appId}", "get", 404);
});
