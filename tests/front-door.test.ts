// The front door over real HTTP (node:http on loopback, a real database): the client's address
// comes from the socket, X-Forwarded-For only through trusted hops; the API router answers its
// paths and leaves the rest to Next (a stub here).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { clientIpResolver, PAGE_URL_HEADER, trustedProxyResolver } from "@/server/http/client-ip";
import { frontDoorListener } from "@/server/http/front-door";
import { frontDoorRoutes } from "@/server/boot/front-door-routes";
import { CLIENT_IP_HEADER } from "@/server/request-context";
import { context, createUser } from "./factories";

type Server = { base: string; close: () => Promise<void> };
const servers: Server[] = [];

/** A front door with the given TRUST_PROXY; Next is a stub that echoes the client IP header it was handed. */
async function serve(trustProxy: string | undefined): Promise<string> {
  const policy = { clientIp: clientIpResolver(trustProxy), fromTrustedProxy: trustedProxyResolver(trustProxy), dev: false };
  const server = http.createServer(
    frontDoorListener(policy, await frontDoorRoutes(), (req, res) =>
      res.end(
        JSON.stringify({
          next: true,
          ip: req.headers[CLIENT_IP_HEADER] ?? null,
          csp: req.headers["content-security-policy"] ?? null,
          page: req.headers[PAGE_URL_HEADER] ?? null,
        }),
      ),
    ),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push({ base, close: () => new Promise((r) => server.close(() => r())) });
  return base;
}

afterAll(async () => {
  for (const s of servers) await s.close();
});

/** Deletes a fresh device through the API with a forged X-Forwarded-For; returns the IP its audit row recorded. */
async function auditedIpOfDelete(base: string, forwardedFor: string): Promise<string | null> {
  const user = await createUser();
  const { token } = await createApiToken({
    actor: { userId: user.id, role: "USER", context: context() },
    kind: "PERSONAL",
    name: "t",
    expiresInDays: 0,
  });
  const device = await db.device.create({ data: { userId: user.id, name: "Phone" } });
  const res = await fetch(`${base}/api/v1/settings/devices/${device.id}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${token}`, "x-forwarded-for": forwardedFor },
  });
  expect(res.status).toBe(200);
  const event = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "DEVICE_DELETED" } });
  return event.ip;
}

describe("the page asked for (where signing in leads back to)", () => {
  it("is the request's own path and query on a GET, and never a client's header", async () => {
    const base = await serve(undefined);
    const get = await fetch(`${base}/admin/users?q=erin`, { headers: { [PAGE_URL_HEADER]: "/evil" } });
    expect(await get.json()).toMatchObject({ next: true, page: "/admin/users?q=erin" });
    const post = await fetch(`${base}/security`, { method: "POST", headers: { [PAGE_URL_HEADER]: "/evil" } });
    expect(await post.json()).toMatchObject({ next: true, page: null });
  });
});

describe("client IP", () => {
  it("ignores a forged X-Forwarded-For without TRUST_PROXY: the socket's address is recorded", async () => {
    const base = await serve(undefined);
    expect(await auditedIpOfDelete(base, "6.6.6.6")).toBe("127.0.0.1");
  });

  it("honours X-Forwarded-For through the trusted hops with TRUST_PROXY", async () => {
    expect(await auditedIpOfDelete(await serve("1"), "198.51.100.4")).toBe("198.51.100.4");
    // Two proxies (loopback, then 203.0.113.50): what the second reports is the client; an entry the client prepended is not believed.
    expect(await auditedIpOfDelete(await serve("2"), "6.6.6.6, 198.51.100.4, 203.0.113.50")).toBe("198.51.100.4");
    expect(await auditedIpOfDelete(await serve("loopback"), "198.51.100.9")).toBe("198.51.100.9");
  });

  it("never records text that is not an IP address, and replaces a client's own copy of the internal header", async () => {
    const base = await serve("1");
    expect(await auditedIpOfDelete(base, "not-an-ip: call 555-0100")).toBe("127.0.0.1");
    const res = await fetch(`${base}/devices`, { headers: { [CLIENT_IP_HEADER]: "6.6.6.6" } });
    expect(await res.json()).toMatchObject({ next: true, ip: "127.0.0.1" });
  });

  it("refuses a TRUST_PROXY it cannot read", () => {
    expect(() => clientIpResolver("not a range")).toThrow(/TRUST_PROXY/);
  });
});

describe("routing", () => {
  it("sends the REST API to the router and the rest (next-auth, sign-in steps, pages) to Next", async () => {
    const base = await serve(undefined);
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: "ok" });
    expect((await fetch(`${base}/api/v1/settings/devices`)).status).toBe(401);
    for (const path of ["/api/auth/session", "/api/sign-in/passkey-options", "/devices"]) {
      expect(await (await fetch(`${base}${path}`)).json(), path).toMatchObject({ next: true });
    }
    // The same security headers on both sides; JSON gets a CSP that runs nothing, pages a nonce.
    for (const path of ["/api/health", "/devices"]) {
      const res = await fetch(`${base}${path}`);
      expect(
        ["x-content-type-options", "x-frame-options", "referrer-policy", "permissions-policy"].map((h) => res.headers.get(h)),
        path,
      ).toEqual(["nosniff", "DENY", "same-origin", "camera=(), microphone=(), geolocation=()"]);
      expect(res.headers.get("content-security-policy"), path).toMatch(path === "/devices" ? /'nonce-/ : /^default-src 'none'/);
    }
  });

  it("answers what no route can in the family's shape: 404, 405 with Allow, OPTIONS, HEAD, bad paths, Ping's alias", async () => {
    const base = await serve(undefined);
    const unknown = await fetch(`${base}/api/v1/devices/x/nope`);
    expect([unknown.status, await unknown.json()]).toEqual([404, { success: false, error: "No API route matches this path." }]);
    const put = await fetch(`${base}/api/v1/settings/devices`, { method: "PUT" });
    expect([put.status, put.headers.get("allow"), await put.json()]).toEqual([
      405,
      "GET, HEAD, OPTIONS",
      { message: "PUT is not allowed here; use GET." },
    ]);
    const options = await fetch(`${base}/api/v1/devices/${crypto.randomUUID()}/untrust`, { method: "OPTIONS" });
    expect([options.status, options.headers.get("allow")]).toEqual([204, "POST, OPTIONS"]);
    const head = await fetch(`${base}/api/health`, { method: "HEAD" });
    expect([head.status, await head.text()]).toEqual([200, ""]);
    const propfind = await fetch(`${base}/api/v1/users/x/devices`, { method: "PROPFIND" });
    expect([propfind.status, (await propfind.json()).error]).toEqual([405, "method_not_allowed"]);
    const badEncoding = await fetch(`${base}/api/v1/settings/devices/%E0%A4%A`);
    expect([badEncoding.status, await badEncoding.json()]).toEqual([400, { message: "The path is not valid percent-encoded UTF-8." }]);
    const slash = await fetch(`${base}/api/v1/settings/devices/?a=1`, { redirect: "manual" });
    expect([slash.status, slash.headers.get("location")]).toEqual([308, "/api/v1/settings/devices?a=1"]);
    // Ping's own path reaches Ping's routes only.
    const alias = await fetch(`${base}/am/json/realms/root/realms/alpha/users/${crypto.randomUUID()}/devices/2fa/oath?_action=reset`, {
      method: "POST",
    });
    expect([alias.status, (await alias.json()).reason]).toEqual([401, "Unauthorized"]);
    const notPing = await fetch(`${base}/am/json/realms/root/settings/devices`);
    expect([notPing.status, await notPing.json()]).toEqual([
      404,
      { code: 404, reason: "Not Found", message: "No API route matches this path." },
    ]);
  });
});

describe("security headers", () => {
  it("gives every page a fresh CSP nonce (handed to Next in the request) and HSTS only over https through a trusted proxy", async () => {
    const direct = await serve(undefined);
    const a = await fetch(`${direct}/devices`, { headers: { "x-forwarded-proto": "https" } });
    const b = await fetch(`${direct}/devices`);
    const policy = a.headers.get("content-security-policy")!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'; /);
    expect(policy).toContain("object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect((await a.json()).csp).toBe(policy); // Next sees the same policy, so its scripts carry that nonce
    expect(b.headers.get("content-security-policy")).not.toBe(policy);
    // Not a trusted proxy: its claim of https is not believed.
    expect(a.headers.get("strict-transport-security")).toBeNull();
    const proxied = await serve("loopback");
    const viaProxy = await fetch(`${proxied}/devices`, { headers: { "x-forwarded-proto": "https" } });
    expect(viaProxy.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(viaProxy.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    const api = await fetch(`${proxied}/api/health`, { headers: { "x-forwarded-proto": "https" } });
    expect([api.headers.get("content-security-policy"), api.headers.get("strict-transport-security")]).toEqual([
      "default-src 'none'; frame-ancestors 'none'",
      "max-age=63072000; includeSubDomains",
    ]);
  });
});
