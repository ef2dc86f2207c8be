import { SignJWT } from "jose";
import { expect, test } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { signInOverHttp } from "./support/auth";

const sign = (secret: string, claims: Record<string, unknown>, exp: string | number = "5m") =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(secret));

test("push: register from the app, refresh the device id with a signed JWT, refuse anything else", async ({ browser, request }) => {
  const user = await createUser();
  const app = await browser.newContext();
  await signInOverHttp(app, user);

  expect((await request.post("/api/v1/mfa/push", { data: { deviceName: "x", platformDeviceId: "y", pushToken: "z" } })).status()).toBe(401);
  const bad = await app.request.post("/api/v1/mfa/push", { data: { deviceName: "", platformDeviceId: "dev-1" } });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ error: "invalid_request" });
  const form = await app.request.post("/api/v1/mfa/push", { form: { deviceName: "Phone" } });
  expect(form.status()).toBe(415);

  const res = await app.request.post("/api/v1/mfa/push", { data: { deviceName: "Erin's Pixel", platformDeviceId: "dev-1", pushToken: "tok-1" } });
  expect(res.status()).toBe(201);
  const m = await res.json();
  expect(m).toMatchObject({ mechanismUid: expect.any(String), sharedSecret: expect.any(String), deviceName: "Erin's Pixel" });
  const stored = async () => (await sql().query(`SELECT "platformDeviceId" FROM "Authenticator" WHERE id = $1`, [m.id])).rows[0].platformDeviceId;

  const url = "/api/v1/push/sns/message?_action=refresh";
  const refresh = async (body: unknown) => request.post(url, { data: body });
  const refused = [
    [await refresh({ mechanismUid: m.mechanismUid, username: user.email, jwt: await sign(`${m.sharedSecret}x`, { deviceId: "evil" }) }), 401],
    [await refresh({ mechanismUid: m.mechanismUid, username: user.email, jwt: await sign(m.sharedSecret, { deviceId: "evil" }, Math.floor(Date.now() / 1000) - 60 * 60) }), 401],
    [await refresh({ mechanismUid: crypto.randomUUID(), username: user.email, jwt: await sign(m.sharedSecret, { deviceId: "evil" }) }), 404],
    [await refresh({ mechanismUid: "not-a-uuid", username: user.email, jwt: "x" }), 400],
    [await request.post("/api/v1/push/sns/message?_action=delete", { data: {} }), 400],
    [await request.post(url, { headers: { "content-type": "application/json" }, data: "{not json" }), 400],
  ] as const;
  for (const [r, status] of refused) {
    expect(r.status()).toBe(status);
    const body = await r.json();
    expect(body).toMatchObject({ code: status, reason: expect.any(String), message: expect.any(String) });
  }
  expect(await stored()).toBe("dev-1");

  const ok = await refresh({ mechanismUid: m.mechanismUid, username: user.email, jwt: await sign(m.sharedSecret, { deviceId: "dev-2" }) });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ result: true });
  expect(await stored()).toBe("dev-2");
  await app.close();
});
