import { SignJWT } from "jose";
import { expect } from "@playwright/test";
import { test } from "./support/api-test";
import { createUser, sql } from "./support/db";
import { signInOverHttp } from "./support/auth";
import { bearer, createToken, OpenApiValidator } from "./support/api";

const sign = (secret: string, claims: Record<string, unknown>, exp: string | number = "5m") =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(secret));

test("push: register from the app, refresh the device id with a signed JWT, refuse anything else", async ({ browser, request }) => {
  const user = await createUser();
  const app = await browser.newContext();
  await signInOverHttp(app, user);

  const api = await OpenApiValidator.load(request);
  const anonymous = await api.expect(
    await request.post("/api/v1/mfa/push", { data: { deviceName: "x", platformDeviceId: "y", pushToken: "z" } }),
    "/mfa/push",
    "post",
    401,
  );
  expect(anonymous).toMatchObject({ errorDescription: expect.stringContaining("personal access token") });
  // The session cookie counts only same-origin: a cross-site POST with it is refused, and nothing is registered.
  for (const headers of [{ "Sec-Fetch-Site": "cross-site" }, { Origin: "https://evil.example" }, { Origin: "null" }] as Record<
    string,
    string
  >[]) {
    await api.expect(
      await app.request.post("/api/v1/mfa/push", { headers, data: { deviceName: "evil", platformDeviceId: "abc", pushToken: "t" } }),
      "/mfa/push",
      "post",
      401,
    );
  }
  expect((await sql().query(`SELECT count(*)::int AS n FROM "Authenticator" WHERE "userId" = $1`, [user.id])).rows[0].n).toBe(0);
  const bad = await api.expect(
    await app.request.post("/api/v1/mfa/push", { data: { deviceName: "", platformDeviceId: "dev-1" } }),
    "/mfa/push",
    "post",
    400,
  );
  expect(bad).toMatchObject({ error: "invalid_request" });
  await api.expect(await app.request.post("/api/v1/mfa/push", { form: { deviceName: "Phone" } }), "/mfa/push", "post", 415);

  const m = (await api.expect(
    await app.request.post("/api/v1/mfa/push", { data: { deviceName: "Erin's Pixel", platformDeviceId: "dev-1", pushToken: "tok-1" } }),
    "/mfa/push",
    "post",
    201,
  )) as { id: string; mechanismUid: string; sharedSecret: string };
  expect(m).toMatchObject({ mechanismUid: expect.any(String), sharedSecret: expect.any(String), deviceName: "Erin's Pixel" });
  const stored = async () =>
    (await sql().query(`SELECT "platformDeviceId" FROM "Authenticator" WHERE id = $1`, [m.id])).rows[0].platformDeviceId;

  const url = "/api/v1/push/sns/message?_action=refresh";
  const refresh = async (body: unknown) => request.post(url, { data: body });
  const refused = [
    [
      await refresh({ mechanismUid: m.mechanismUid, username: user.email, jwt: await sign(`${m.sharedSecret}x`, { deviceId: "evil" }) }),
      401,
    ],
    [
      await refresh({
        mechanismUid: m.mechanismUid,
        username: user.email,
        jwt: await sign(m.sharedSecret, { deviceId: "evil" }, Math.floor(Date.now() / 1000) - 60 * 60),
      }),
      401,
    ],
    [
      await refresh({ mechanismUid: crypto.randomUUID(), username: user.email, jwt: await sign(m.sharedSecret, { deviceId: "evil" }) }),
      404,
    ],
    [await refresh({ mechanismUid: "not-a-uuid", username: user.email, jwt: "x" }), 400],
    [await request.post("/api/v1/push/sns/message?_action=delete", { data: {} }), 400],
    [await request.post(url, { headers: { "content-type": "application/json" }, data: "{not json" }), 400],
  ] as const;
  for (const [r, status] of refused) {
    const body = await api.expect(r, "/push/sns/message", "post", status);
    expect(body).toMatchObject({ code: status, reason: expect.any(String), message: expect.any(String) });
  }
  expect(await stored()).toBe("dev-1");

  const ok = await refresh({ mechanismUid: m.mechanismUid, username: user.email, jwt: await sign(m.sharedSecret, { deviceId: "dev-2" }) });
  expect(await api.expect(ok, "/push/sns/message", "post", 200)).toEqual({ result: true });
  expect(await stored()).toBe("dev-2");
  await app.close();
});

test("a mobile app registers with the user's personal access token instead of a session", async ({ request }) => {
  const api = await OpenApiValidator.load(request);
  const user = await createUser();
  const { token } = await createToken("PERSONAL", user.id);
  const { token: serverKey } = await createToken("SERVER", null);
  const body = { deviceName: "Erin's iPad", platformDeviceId: "ipad-1", publicKey: "BGQ2b3J6aW5nLXB1YmxpYy1rZXktYnl0ZXM" };
  await api.expect(await request.post("/api/v1/mfa/binding", { headers: bearer(serverKey), data: body }), "/mfa/binding", "post", 403);
  await api.expect(
    await request.post("/api/v1/mfa/binding", { headers: bearer("pat_nope_nope_nope"), data: body }),
    "/mfa/binding",
    "post",
    401,
  );
  const created = await api.expect(
    await request.post("/api/v1/mfa/binding", { headers: bearer(token), data: body }),
    "/mfa/binding",
    "post",
    201,
  );
  expect(created).toMatchObject({ deviceName: "Erin's iPad" });
  const { rows } = await sql().query(`SELECT kind, "deviceId" FROM "Authenticator" WHERE "userId" = $1`, [user.id]);
  expect(rows).toEqual([{ kind: "BINDING", deviceId: null }]);
});
