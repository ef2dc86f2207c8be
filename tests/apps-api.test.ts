// The apps REST routes (GET/POST /api/v1/apps, GET/PATCH/DELETE /api/v1/apps/{appId}, rotate-secret, disable, enable) over real HTTP
// through the API router: a server key registers, lists, reads and deletes an app; bad input is a
// 400 naming its field; a plain user's token and no credentials are refused, and nothing changes.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { handleApiRequest } from "@/server/api/router";
import { openApiDocument } from "@/server/api/registry";
import { generateToken } from "@/server/api-tokens/token-secret";
import { createUser } from "./factories";

let server: http.Server;
let base = "";
const KEY_NAME = "apps-api test";
const tokens = { serverKey: "", admin: "", user: "" };

async function token(kind: "PERSONAL" | "SERVER", userId: string | null) {
  const { token, tokenHash, prefix } = generateToken(kind);
  await db.apiToken.create({ data: { kind, userId, name: KEY_NAME, tokenHash, prefix } });
  return token;
}

beforeAll(async () => {
  server = http.createServer((req, res) => void handleApiRequest(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tokens.serverKey = await token("SERVER", null);
  tokens.admin = await token("PERSONAL", (await createUser({ role: "ADMIN" })).id);
  tokens.user = await token("PERSONAL", (await createUser()).id);
});
afterAll(async () => {
  // Server keys count toward one installation-wide cap (other test files share a PostgreSQL database).
  await db.apiToken.updateMany({ where: { name: KEY_NAME, revokedAt: null }, data: { revokedAt: new Date() } });
  await new Promise<void>((r) => server.close(() => r()));
});

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
async function call(method: string, path: string, { auth = basic(tokens.serverKey), body }: { auth?: string | null; body?: unknown } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(auth && { authorization: auth }), ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const name = () => `Wiki ${crypto.randomUUID().slice(0, 8)}`;

describe("the apps REST API", () => {
  it("registers an app (its secret once), lists it, reads it, deletes it; a second delete is a 404 in the family's shape", async () => {
    const appName = name();
    const created = await call("POST", "/api/v1/apps", {
      body: { name: appName, redirect_uris: ["https://wiki.example.com/cb", "https://wiki.example.com/cb"], scopes: ["profile"] },
    });
    expect(created.status).toBe(201);
    const app = created.body!;
    const id = app.id as string;
    const secret = app.client_secret as string;
    expect(app).toEqual({
      id,
      client_id: id,
      name: appName,
      confidential: true,
      secret_prefix: secret.slice(0, 8),
      redirect_uris: ["https://wiki.example.com/cb"],
      post_logout_redirect_uris: [],
      backchannel_logout_uri: null,
      first_party: false,
      scopes: ["openid", "profile"],
      enabled: true,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      sign_ins_30d: 0,
      client_secret: expect.stringMatching(/^dks_[A-Za-z0-9_-]{43}$/),
    });
    // Kept sealed: the secret itself is nowhere in the row.
    const row = await db.oidcClient.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain(secret.slice(8));

    const { client_secret: _secret, ...withoutSecret } = app;
    const listed = await call("GET", "/api/v1/apps");
    expect(listed.status).toBe(200);
    const apps = listed.body!.apps as Record<string, unknown>[];
    expect(apps.find((a) => a.id === id)).toEqual(withoutSecret);
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(8));

    const got = await call("GET", `/api/v1/apps/${id}`);
    expect([got.status, got.body]).toEqual([200, withoutSecret]);
    // Upper case is the same id (path parameters are UUIDs, compared lower-cased).
    expect((await call("GET", `/api/v1/apps/${id.toUpperCase()}`)).status).toBe(200);

    expect(await call("DELETE", `/api/v1/apps/${id}`)).toMatchObject({ status: 200, body: { deleted: true } });
    const again = await call("DELETE", `/api/v1/apps/${id}`);
    expect([again.status, again.body]).toEqual([404, { error: "not_found", message: "App not found" }]);
    expect(await call("GET", `/api/v1/apps/${id}`)).toMatchObject({ status: 404, body: { error: "not_found", message: "App not found" } });
    expect(await call("GET", "/api/v1/apps/not-a-uuid")).toMatchObject({ status: 404, body: { message: "App not found" } });
    expect(await db.oidcClient.findUnique({ where: { id } })).toBeNull();

    // Audited once each, naming the server key as the actor's way in.
    const audit = await db.auditEvent.findMany({ where: { detail: { path: ["appId"], equals: id } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.type, a.actorId, (a.detail as { via?: string }).via])).toEqual([
      ["APP_CREATED", null, `server API key “${KEY_NAME}”`],
      ["APP_DELETED", null, `server API key “${KEY_NAME}”`],
    ]);
  });

  it("registers a public app without a secret, with every field it was given", async () => {
    const appName = name();
    const created = await call("POST", "/api/v1/apps", {
      auth: `Bearer ${tokens.admin}`,
      body: {
        name: appName,
        confidential: false,
        redirect_uris: ["http://localhost:5173/callback"],
        post_logout_redirect_uris: ["http://localhost:5173/"],
        backchannel_logout_uri: null,
        first_party: true,
        scopes: ["email", "offline_access"],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: appName,
      confidential: false,
      secret_prefix: null,
      client_secret: null,
      post_logout_redirect_uris: ["http://localhost:5173/"],
      first_party: true,
      scopes: ["openid", "email", "offline_access"],
    });
    await call("DELETE", `/api/v1/apps/${created.body!.id as string}`);
  });

  it("answers bad input with a 400 naming the field (as the API spells it), and registers nothing", async () => {
    const before = await db.oidcClient.count();
    const cases: [unknown, string][] = [
      [{ name: " ", redirect_uris: ["https://a.example/cb"] }, "name: Enter the app's name"],
      [{ name: "A" }, "redirect_uris: Enter at least one redirect URI"],
      // Missing or of the wrong type: the field's own words, not zod's "Invalid input: expected string, received undefined".
      [{ redirect_uris: ["https://a.example/cb"] }, "name: Enter the app's name"],
      [{ name: 7, redirect_uris: ["https://a.example/cb"] }, "name: Enter the app's name as a string"],
      [{ name: "A", redirect_uris: "https://a.example/cb" }, "redirect_uris: Enter the redirect URIs as a list of strings"],
      [{ name: "A", redirect_uris: [] }, "redirect_uris: Enter at least one redirect URI"],
      [
        { name: "A", redirect_uris: ["ftp://a.example/cb"] },
        "redirect_uris.0: Enter the redirect URI as an http:// or https:// URL, not “ftp://a.example/cb”",
      ],
      [{ name: "A", redirect_uris: ["https://a.example/cb#x"] }, "redirect_uris.0: A redirect URI has no #fragment"],
      [{ name: "A", redirect_uris: ["https://*.example.com/cb"] }, "redirect_uris.0: A redirect URI names its host in full, without *"],
      [{ name: "A", redirect_uris: ["https://a.example/cb"], backchannel_logout_uri: "nope" }, "backchannel_logout_uri: "],
      [{ name: "A", redirect_uris: ["https://a.example/cb"], scopes: ["admin"] }, "scopes.0: "],
      [{ name: "A", redirect_uris: ["https://a.example/cb"], first_party: "yes" }, "first_party: Use true or false"],
      // The dashboard's camelCase names are not the API's, and a field it does not have is not ignored.
      [
        { name: "A", redirectUris: ["https://a.example/cb"] },
        "body: Unknown field redirectUris (did you mean redirect_uris?). An app's fields are name,",
      ],
      [
        { name: "A", redirect_uris: ["https://a.example/cb"], grant_types: ["client_credentials"] },
        "body: Unknown field grant_types. An app's",
      ],
      // A private back-channel address: the field named once, and how a server would allow it.
      [
        { name: "A", redirect_uris: ["https://a.example/cb"], backchannel_logout_uri: "https://10.1.2.3/logout" },
        "backchannel_logout_uri: 10.1.2.3 is a private or reserved address: only public addresses are allowed unless the server sets WEBHOOKS_ALLOW_PRIVATE=1",
      ],
      ["[]", "body: "],
    ];
    for (const [body, message] of cases) {
      const res = await call("POST", "/api/v1/apps", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body!.error).toBe("invalid_request");
      expect(res.body!.message, JSON.stringify(body)).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    }
    expect((await call("POST", "/api/v1/apps", { body: "{oops" })).status).toBe(400);
    const notJson = await fetch(`${base}/api/v1/apps`, {
      method: "POST",
      headers: { authorization: basic(tokens.serverKey), "content-type": "text/plain" },
      body: "name=A",
    });
    expect(notJson.status).toBe(415);
    expect(await db.oidcClient.count()).toBe(before);
  });

  it("in production, refuses a plain-http redirect URI (400), saying which", async () => {
    vi.stubEnv("NODE_ENV", "production");
    try {
      const res = await call("POST", "/api/v1/apps", {
        body: { name: name(), redirect_uris: ["https://wiki.example.com/cb", "https://wiki.example.com/cb", "http://wiki.example.com/cb"] },
      });
      expect([res.status, res.body]).toEqual([
        400,
        { error: "invalid_request", message: "redirect_uris: http://wiki.example.com/cb: use an https:// URL" },
      ]);
      // Loopback: the message says how it is allowed.
      const loop = await call("POST", "/api/v1/apps", {
        body: { name: name(), redirect_uris: ["https://wiki.example.com/cb"], post_logout_redirect_uris: ["http://127.0.0.1:4000/"] },
      });
      expect([loop.status, loop.body!.message]).toEqual([
        400,
        "post_logout_redirect_uris: http://127.0.0.1:4000/: a loopback address is allowed only in development or with WEBHOOKS_ALLOW_PRIVATE=1",
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses a plain user's token (403) and anonymous callers (401), and changes nothing", async () => {
    const created = await call("POST", "/api/v1/apps", { body: { name: name(), redirect_uris: ["https://wiki.example.com/cb"] } });
    const id = created.body!.id as string;
    const count = await db.oidcClient.count();
    const user = `Bearer ${tokens.user}`;
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/v1/apps"],
      ["POST", "/api/v1/apps", { name: "Mine", redirect_uris: ["https://evil.example/cb"] }],
      ["GET", `/api/v1/apps/${id}`],
      ["POST", `/api/v1/apps/${id}/rotate-secret`],
      ["POST", `/api/v1/apps/${id}/disable`],
      ["POST", `/api/v1/apps/${id}/enable`],
      ["DELETE", `/api/v1/apps/${id}`],
    ];
    for (const [method, path, body] of routes) {
      const asUser = await call(method, path, { auth: user, body });
      expect([asUser.status, asUser.body?.error], `${method} ${path} as a user`).toEqual([403, "forbidden"]);
      const anonymous = await call(method, path, { auth: null, body });
      expect([anonymous.status, anonymous.body?.error], `${method} ${path} anonymously`).toEqual([401, "unauthorized"]);
      expect(anonymous.body?.message).toMatch(/server secret key .* or an administrator's personal access token/);
      expect(anonymous.headers.get("www-authenticate")).toMatch(/Bearer realm=.*Basic realm=/);
    }
    expect(await db.oidcClient.count()).toBe(count);
    expect((await call("GET", `/api/v1/apps/${id}`)).body).toMatchObject({ enabled: true, secret_prefix: created.body!.secret_prefix });
    await call("DELETE", `/api/v1/apps/${id}`);
  });

  it("rotates a confidential app's secret (shown once; the old one no longer opens it), disables and enables it; repeats change nothing", async () => {
    const created = await call("POST", "/api/v1/apps", { body: { name: name(), redirect_uris: ["https://wiki.example.com/cb"] } });
    const id = created.body!.id as string;
    const rotated = await call("POST", `/api/v1/apps/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ client_id: id, client_secret: expect.stringMatching(/^dks_/), secret_prefix: expect.any(String) });
    expect(rotated.body!.client_secret).not.toBe(created.body!.client_secret);
    expect((rotated.body!.client_secret as string).startsWith(rotated.body!.secret_prefix as string)).toBe(true);
    expect((await call("GET", `/api/v1/apps/${id}`)).body).toMatchObject({ secret_prefix: rotated.body!.secret_prefix });
    const { findClient, forgetClient } = await import("@/server/oidc/clients");
    forgetClient(id);
    expect((await findClient(id))?.metadata.client_secret).toBe(rotated.body!.client_secret);
    expect(await db.auditEvent.count({ where: { type: "APP_SECRET_ROTATED", detail: { path: ["appId"], equals: id } } })).toBe(1);

    const off = await call("POST", `/api/v1/apps/${id}/disable`);
    expect(off.body).toMatchObject({ id, enabled: false, changed: true, sign_ins_ended: 0 });
    expect((await call("POST", `/api/v1/apps/${id}/disable`)).body).toMatchObject({ enabled: false, changed: false });
    expect((await call("POST", `/api/v1/apps/${id}/enable`)).body).toMatchObject({ enabled: true, changed: true });
    expect((await call("POST", `/api/v1/apps/${id}/enable`)).body).toMatchObject({ enabled: true, changed: false });

    // A public app has no secret to rotate; an unknown app is a 404.
    const spa = await call("POST", "/api/v1/apps", {
      body: { name: name(), redirect_uris: ["https://spa.example.com/cb"], confidential: false },
    });
    expect(await call("POST", `/api/v1/apps/${spa.body!.id as string}/rotate-secret`)).toMatchObject({
      status: 409,
      body: { error: "conflict", message: "A public app has no secret." },
    });
    for (const path of ["rotate-secret", "disable", "enable"])
      expect((await call("POST", `/api/v1/apps/${crypto.randomUUID()}/${path}`)).status, path).toBe(404);
    await call("DELETE", `/api/v1/apps/${id}`);
    await call("DELETE", `/api/v1/apps/${spa.body!.id as string}`);
  });

  it("changes only the fields sent (PATCH); a change of kind gives or takes the secret; bad input changes nothing", async () => {
    const created = await call("POST", "/api/v1/apps", {
      body: { name: name(), redirect_uris: ["https://wiki.example.com/cb"], scopes: ["email"], first_party: true },
    });
    const id = created.body!.id as string;
    const path = `/api/v1/apps/${id}`;

    // One field sent: that field changes, the others keep their values (no defaults, unlike registering).
    const added = await call("PATCH", path, { body: { redirect_uris: ["https://wiki.example.com/cb", " https://wiki.example.com/cb2 "] } });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({
      id,
      name: created.body!.name,
      confidential: true,
      secret_prefix: created.body!.secret_prefix,
      redirect_uris: ["https://wiki.example.com/cb", "https://wiki.example.com/cb2"],
      scopes: ["openid", "email"],
      first_party: true,
      client_secret: null,
      sign_ins_ended: 0,
    });
    expect((await call("GET", path)).body).toMatchObject({
      redirect_uris: ["https://wiki.example.com/cb", "https://wiki.example.com/cb2"],
    });
    const { findClient, forgetClient } = await import("@/server/oidc/clients");
    expect((await findClient(id))?.metadata.redirect_uris).toEqual(["https://wiki.example.com/cb", "https://wiki.example.com/cb2"]);
    expect(
      await db.auditEvent.findMany({ where: { type: "APP_UPDATED", detail: { path: ["appId"], equals: id } }, select: { detail: true } }),
    ).toEqual([{ detail: expect.objectContaining({ changed: ["redirectUris"] }) }]);

    // Bad input: a 400 naming the field, and nothing changed (nor audited).
    const bad: [unknown, string][] = [
      [{}, "body: Send at least one field to change: name, confidential, redirect_uris,"],
      [{ redirect_uris: [] }, "redirect_uris: Enter at least one redirect URI"],
      [{ name: " " }, "name: Enter the app's name"],
      [{ confidential: "no" }, "confidential: Use true or false"],
      [{ redirectUris: ["https://x.example/cb"] }, "body: Unknown field redirectUris (did you mean redirect_uris?)"],
      [{ backchannel_logout_uri: "https://10.1.2.3/logout" }, "backchannel_logout_uri: 10.1.2.3 is a private or reserved address"],
    ];
    for (const [body, message] of bad) {
      const res = await call("PATCH", path, { body });
      expect([res.status, res.body!.error], JSON.stringify(body)).toEqual([400, "invalid_request"]);
      expect(res.body!.message, JSON.stringify(body)).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    }
    expect((await call("GET", path)).body).toMatchObject({
      redirect_uris: ["https://wiki.example.com/cb", "https://wiki.example.com/cb2"],
    });
    expect(await db.auditEvent.count({ where: { type: "APP_UPDATED", detail: { path: ["appId"], equals: id } } })).toBe(1);

    // Public: its secret goes (and the old one no longer opens it); confidential again: a new secret, shown this once.
    const spa = await call("PATCH", path, { body: { confidential: false } });
    expect(spa.body).toMatchObject({ confidential: false, secret_prefix: null, client_secret: null, sign_ins_ended: 0 });
    forgetClient(id);
    expect((await findClient(id))?.metadata.token_endpoint_auth_method).toBe("none");
    const back = await call("PATCH", path, { body: { confidential: true } });
    expect(back.body).toMatchObject({ confidential: true, client_secret: expect.stringMatching(/^dks_/) });
    expect(back.body!.client_secret).not.toBe(created.body!.client_secret);
    expect(
      await db.auditEvent.findMany({ where: { type: "APP_UPDATED", detail: { path: ["appId"], equals: id } }, select: { detail: true } }),
    ).toEqual(expect.arrayContaining([{ detail: expect.objectContaining({ kind: "public", signedOut: 0 }) }]));

    // The same list in another order is no change, for the history.
    await call("PATCH", path, { body: { redirect_uris: ["https://wiki.example.com/cb2", "https://wiki.example.com/cb"] } });
    const last = await db.auditEvent.findFirstOrThrow({
      where: { type: "APP_UPDATED", detail: { path: ["appId"], equals: id } },
      orderBy: { createdAt: "desc" },
    });
    expect(last.detail).toMatchObject({ changed: [] });

    // An unknown app, or a malformed id, is a 404; a deleted one too.
    expect((await call("PATCH", `/api/v1/apps/${crypto.randomUUID()}`, { body: { name: "A" } })).status).toBe(404);
    expect((await call("PATCH", "/api/v1/apps/not-an-id", { body: { name: "A" } })).status).toBe(404);
    await call("DELETE", path);
    expect((await call("PATCH", path, { body: { name: "A" } })).status).toBe(404);
  });

  it("in production, refuses a change to a plain-http redirect URI, naming the field", async () => {
    const created = await call("POST", "/api/v1/apps", { body: { name: name(), redirect_uris: ["https://wiki.example.com/cb"] } });
    const path = `/api/v1/apps/${created.body!.id as string}`;
    vi.stubEnv("NODE_ENV", "production");
    try {
      expect(await call("PATCH", path, { body: { redirect_uris: ["http://wiki.example.com/cb"] } })).toMatchObject({
        status: 400,
        body: { error: "invalid_request", message: "redirect_uris: http://wiki.example.com/cb: use an https:// URL" },
      });
    } finally {
      vi.unstubAllEnvs();
    }
    expect((await call("GET", path)).body).toMatchObject({ redirect_uris: ["https://wiki.example.com/cb"] });
    await call("DELETE", path);
  });

  it("is in the OpenAPI document: its operations, the snake_case bodies and their errors", () => {
    const paths = openApiDocument().paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    expect(Object.keys(paths["/apps"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/apps/{appId}"] ?? {}).sort()).toEqual(["delete", "get", "patch"]);
    expect(paths["/apps/{appId}"]!.patch!.operationId).toBe("updateApp");
    expect(Object.keys(paths["/apps/{appId}"]!.patch!.responses)).toEqual(expect.arrayContaining(["200", "400", "404", "413", "415"]));
    const actions: [string, string][] = [
      ["/apps/{appId}/rotate-secret", "rotateAppSecret"],
      ["/apps/{appId}/disable", "disableApp"],
      ["/apps/{appId}/enable", "enableApp"],
    ];
    for (const [path, operationId] of actions) expect(paths[path]?.post?.operationId, path).toBe(operationId);
    expect(paths["/apps"]!.post!.operationId).toBe("createApp");
    expect(Object.keys(paths["/apps"]!.post!.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "403", "409"]));
    expect(Object.keys(paths["/apps/{appId}"]!.delete!.responses)).toEqual(expect.arrayContaining(["200", "404"]));
    const schemas = (openApiDocument().components?.schemas ?? {}) as Record<string, { properties?: Record<string, unknown> }>;
    expect(Object.keys(schemas.CreatedApp?.properties ?? {})).toEqual(
      expect.arrayContaining(["client_id", "client_secret", "redirect_uris"]),
    );
    for (const schema of ["AppRegistration", "AppChange"])
      expect(Object.keys(schemas[schema]?.properties ?? {}), schema).toEqual([
        "name",
        "confidential",
        "redirect_uris",
        "post_logout_redirect_uris",
        "backchannel_logout_uri",
        "first_party",
        "scopes",
      ]);
  });
});
