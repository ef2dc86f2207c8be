// Bad input on every REST route: wrong methods, malformed ids, bad JSON, wrong content types,
// oversized bodies, bad Basic/Bearer encodings, unknown query values — combined at random (seeded,
// so a failure replays) into ≥ 1,000 requests. None may answer a 5xx; every error is JSON.
import { expect } from "@playwright/test";
import { test } from "./support/api-test";
import { prng } from "./support/prng";
import { createUser } from "./support/db";
import { basic, bearer, createDevice, createToken } from "./support/api";

test.describe.configure({ timeout: 240_000 });

test("1,200 malformed requests across every route: always a 4xx (or 2xx) JSON answer, never a 5xx", async ({ request }) => {
  const seed = Number(process.env.FUZZ_SEED ?? 20261121);
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

  const user = await createUser();
  const admin = await createUser({ role: "ADMIN" });
  const device = await createDevice(user.id);
  const { token: pat } = await createToken("PERSONAL", user.id);
  const { token: adminPat } = await createToken("PERSONAL", admin.id);
  const { token: serverKey } = await createToken("SERVER", null);

  const ids = [
    device.id,
    user.id,
    crypto.randomUUID(),
    "not-a-uuid",
    "",
    "0",
    "-1",
    "%00",
    "..%2F..%2Fetc%2Fpasswd",
    "x".repeat(3000),
    "%E2%82%AC",
    "%C3%A9t%C3%A9",
    "' OR 1=1 --",
    "{{7*7}}",
    device.id.toUpperCase(),
    `{${device.id}}`,
    `${device.id}%20`,
    "00000000-0000-0000-0000-000000000000",
    "%FF%FE",
    "null",
    "[object Object]",
  ];
  const templates = [
    "/api/v1/settings/devices",
    "/api/v1/settings/devices/:id",
    "/api/v1/devices/:id/untrust",
    "/api/v1/users/:user/devices",
    "/api/v1/users/:user/devices/:id/invalidate",
    "/api/v1/users/:user/devices/2fa/oath",
    "/api/v1/users/:user/devices/2fa/push",
    "/api/v1/users/:user/devices/2fa/webauthn",
    "/api/v1/users/:user/devices/2fa/binding",
    "/api/v1/users/:user/devices/2fa/webauthn/:id",
    "/api/v1/users/:user/devices/2fa/binding/:id",
    "/api/v1/push/sns/message",
    "/am/json/realms/root/realms/:id/users/:user/devices/2fa/oath",
    "/am/json/realms/root/realms/alpha/users/:user/devices/2fa/webauthn/:id",
    "/am/json/realms/:id/push/sns/message",
    "/api/v1/users/:user/devices/2fa/:id",
    "/api/v1/mfa/push",
    "/api/v1/mfa/binding",
    "/api/me/devices",
    "/api/me",
    "/api/v1/openapi.json",
    "/api/v1/:id",
    "/api/:id",
  ];
  const queries = [
    "",
    "?_action=reset",
    "?_action=refresh",
    "?_action=",
    "?_action=reset&_action=delete",
    "?_queryFilter=true",
    "?_queryFilter=false",
    "?_queryFilter=%27%20or%201%3D1",
    "?_pageSize=-1&_queryFilter=true",
    `?_fields=${"a,".repeat(500)}`,
    "?%=%",
    "?_action=%00",
  ];
  const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
  const auths: Record<string, string>[] = [
    {},
    bearer(pat),
    bearer(adminPat),
    bearer(serverKey),
    basic(serverKey),
    basic(pat),
    { Authorization: "Bearer" },
    { Authorization: "Bearer " },
    { Authorization: "Bearer pat_" },
    { Authorization: `Bearer ${"a".repeat(5000)}` },
    { Authorization: "Basic !!!!" },
    { Authorization: "Basic ====" },
    { Authorization: `Basic ${Buffer.from("no-colon").toString("base64")}` },
    { Authorization: `Basic ${Buffer.from(":").toString("base64")}` },
    { Authorization: `Basic ${Buffer.from(`${serverKey}:not-empty`).toString("base64").slice(0, -2)}` },
    { Authorization: "Digest username=x" },
    { Authorization: "Token abc" },
    { Authorization: `bearer   ${pat}` },
    { Authorization: `Bearer ${pat} extra` },
    { Authorization: "Bearer \u00e9t\u00e9" },
    { Cookie: "dk.session=garbage" },
    { Cookie: `dk.session=${"x".repeat(3000)}` },
  ];
  const bodies: { headers?: Record<string, string>; data?: Buffer }[] = [
    {},
    { headers: { "content-type": "application/json" }, data: Buffer.from("{") },
    { headers: { "content-type": "application/json" }, data: Buffer.from("{}") },
    { headers: { "content-type": "application/json" }, data: Buffer.from("[]") },
    { headers: { "content-type": "application/json" }, data: Buffer.from("null") },
    { headers: { "content-type": "application/json" }, data: Buffer.from('"x"') },
    { headers: { "content-type": "text/plain" }, data: Buffer.from("hello") },
    { headers: { "content-type": "application/x-www-form-urlencoded" }, data: Buffer.from("a=1&b=2") },
    { data: Buffer.from("{}") },
    { headers: { "content-type": "application/json" }, data: Buffer.alloc(64 * 1024, 0x20) },
    { headers: { "content-type": "application/json" }, data: Buffer.from([0xff, 0xfe, 0x7b, 0x7d]) },
    { headers: { "content-type": "application/json; charset=utf-16" }, data: Buffer.from("{}") },
    { headers: { "content-type": "multipart/form-data; boundary=x" }, data: Buffer.from("--x--") },
    {
      headers: { "content-type": "application/json" },
      data: Buffer.from(JSON.stringify({ mechanismUid: "x".repeat(10_000), username: 1, jwt: null })),
    },
    { headers: { "content-type": "application/json" }, data: Buffer.from(`${"[".repeat(5000)}${"]".repeat(5000)}`) },
  ];

  const failures: string[] = [];
  let sent = 0;
  const N = 1200;
  const batch = 8;
  for (let i = 0; i < N; i += batch) {
    await Promise.all(
      Array.from({ length: batch }, async () => {
        const path =
          pick(templates)
            .replaceAll(":user", pick([user.id, admin.id, ...ids]))
            .replaceAll(":id", () => pick(ids)) + pick(queries);
        const method = pick(methods);
        const auth = pick(auths);
        const body = method === "GET" || method === "HEAD" ? {} : pick(bodies);
        const label = `${method} ${path.slice(0, 160)} auth=${JSON.stringify(auth).slice(0, 60)} body=${JSON.stringify(body.headers ?? {})}/${body.data?.length ?? 0}B`;
        try {
          const res = await request.fetch(path, {
            method,
            headers: { ...auth, ...body.headers },
            data: body.data,
            failOnStatusCode: false,
            maxRedirects: 0,
          });
          sent++;
          const status = res.status();
          const type = res.headers()["content-type"] ?? "";
          if (status >= 500) failures.push(`${status} ← ${label}: ${(await res.text()).slice(0, 200)}`);
          else if (status >= 400 && method !== "HEAD" && !type.startsWith("application/json"))
            failures.push(`${status} not JSON (${type}) ← ${label}`);
          else if (status >= 400 && method !== "HEAD") await res.json().catch(() => failures.push(`${status} unparseable JSON ← ${label}`));
        } catch (e) {
          failures.push(`request failed ← ${label}: ${(e as Error).message.split("\n")[0]}`);
        }
      }),
    );
  }
  expect(failures, `seed ${seed}`).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(1000);
});
