import { describe, expect, it, vi } from "vitest";
import { logger } from "@/server/observability/logger";
import { validate as validateOpenApi } from "@readme/openapi-parser";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { createApiToken, MAX_ACTIVE_TOKENS } from "@/server/api-tokens/create-api-token";
import { revokeApiToken } from "@/server/api-tokens/revoke-api-token";
import { listApiTokens } from "@/server/api-tokens/list-api-tokens";
import { validateApiToken } from "@/server/api-tokens/validate-api-token";
import { hashToken } from "@/server/api-tokens/token-secret";
import { authenticateApi } from "@/server/api/authenticate";
import { openApiDocument } from "@/server/api/registry";
import { untrustDeviceRoutes } from "@/server/api/routes/untrust-device";
import { runRoute } from "@/server/api/route";
import * as untrust from "@/server/devices/untrust-device";
import { apiRequest, context, createUser } from "./factories";

const actorFor = (u: { id: string; role: "USER" | "ADMIN" }): Actor => ({ userId: u.id, role: u.role, context: context() });
const request = (headers: Record<string, string> = {}, method = "GET") => apiRequest({ headers, method });

describe("personal access tokens and server keys", () => {
  it("are shown once, stored only as a hash, listed without the secret, and audited", async () => {
    const user = await createUser();
    const { token, summary } = await createApiToken({ actor: actorFor(user), kind: "PERSONAL", name: "Deploy script", expiresInDays: 30 });
    expect(token).toMatch(/^pat_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBe(30 * 86_400_000);
    const listed = await listApiTokens({ kind: "PERSONAL", userId: user.id });
    expect(listed).toEqual([
      expect.objectContaining({ id: summary.id, name: "Deploy script", prefix: token.slice(0, 8), lastUsedAt: null, expired: false }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(token.slice(8));
    const audit = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "API_TOKEN_CREATED" } });
    expect(audit.detail).toMatchObject({ name: "Deploy script", tokenId: summary.id });
  });

  it("validate on every use: revoked, expired and disabled-user tokens fail; lastUsedAt is throttled", async () => {
    const user = await createUser();
    const { token, summary } = await createApiToken({ actor: actorFor(user), kind: "PERSONAL", name: "t", expiresInDays: 0 });
    const t0 = new Date();
    expect(await validateApiToken(token, t0)).toMatchObject({ kind: "PERSONAL", userId: user.id, role: "USER" });
    const used = (await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } })).lastUsedAt;
    expect(used?.getTime()).toBe(t0.getTime());
    await validateApiToken(token, new Date(t0.getTime() + 1000));
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } })).lastUsedAt?.getTime()).toBe(t0.getTime());
    expect(await validateApiToken(`${token}x`)).toBeNull();
    expect(await validateApiToken("pat_short")).toBeNull();

    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await validateApiToken(token)).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { disabledAt: null } });
    expect(await validateApiToken(token)).not.toBeNull();

    await db.apiToken.update({ where: { id: summary.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await validateApiToken(token)).toBeNull();
    await db.apiToken.update({ where: { id: summary.id }, data: { expiresAt: null } });

    expect(await revokeApiToken({ actor: actorFor(user), kind: "PERSONAL", tokenId: summary.id })).toEqual({ name: "t" });
    expect(await validateApiToken(token)).toBeNull();
    await expect(revokeApiToken({ actor: actorFor(user), kind: "PERSONAL", tokenId: summary.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      userMessage: "Token not found",
    });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "API_TOKEN_REVOKED" } })).toBe(1);
    expect(await listApiTokens({ kind: "PERSONAL", userId: user.id })).toEqual([]);
  });

  it("belong to their owner: another user's token, or a server key, cannot be revoked as a personal token", async () => {
    const alice = await createUser();
    const mallory = await createUser();
    const admin = await createUser({ role: "ADMIN" });
    const { summary } = await createApiToken({ actor: actorFor(alice), kind: "PERSONAL", name: "mine", expiresInDays: 0 });
    const key = await createApiToken({ actor: actorFor(admin), kind: "SERVER", name: "backend", expiresInDays: 365 });
    await expect(revokeApiToken({ actor: actorFor(mallory), kind: "PERSONAL", tokenId: summary.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(revokeApiToken({ actor: actorFor(admin), kind: "PERSONAL", tokenId: key.summary.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(revokeApiToken({ actor: actorFor(alice), kind: "PERSONAL", tokenId: "not-a-uuid" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await db.apiToken.count({ where: { revokedAt: { not: null }, id: { in: [summary.id, key.summary.id] } } })).toBe(0);
  });

  it("server keys are for administrators only, and the number of active tokens is capped", async () => {
    const user = await createUser();
    const admin = await createUser({ role: "ADMIN" });
    await expect(createApiToken({ actor: actorFor(user), kind: "SERVER", name: "x", expiresInDays: 0 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const key = await createApiToken({ actor: actorFor(admin), kind: "SERVER", name: "backend", expiresInDays: 0 });
    expect(key.token).toMatch(/^sk_/);
    await expect(revokeApiToken({ actor: actorFor(user), kind: "SERVER", tokenId: key.summary.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await Promise.all(
      Array.from({ length: MAX_ACTIVE_TOKENS - 1 }, (_, i) =>
        createApiToken({ actor: actorFor(user), kind: "PERSONAL", name: `t${i}`, expiresInDays: 0 }),
      ),
    );
    await createApiToken({ actor: actorFor(user), kind: "PERSONAL", name: "last", expiresInDays: 0 });
    await expect(createApiToken({ actor: actorFor(user), kind: "PERSONAL", name: "one too many", expiresInDays: 0 })).rejects.toMatchObject(
      { code: "CONFLICT" },
    );
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(MAX_ACTIVE_TOKENS);
  });
});

describe("REST authentication", () => {
  it("tells missing and invalid credentials (401) from valid ones without the right (403)", async () => {
    const user = await createUser();
    const admin = await createUser({ role: "ADMIN" });
    const pat = (await createApiToken({ actor: actorFor(user), kind: "PERSONAL", name: "p", expiresInDays: 0 })).token;
    const adminPat = (await createApiToken({ actor: actorFor(admin), kind: "PERSONAL", name: "a", expiresInDays: 0 })).token;
    const key = (await createApiToken({ actor: actorFor(admin), kind: "SERVER", name: "k", expiresInDays: 0 })).token;
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const cases: [Record<string, string>, "user" | "server" | "admin", number | "ok"][] = [
      [{}, "user", 401],
      [{}, "server", 401],
      [{ authorization: "Bearer" }, "user", 401],
      [{ authorization: "Token x" }, "user", 401],
      [{ authorization: `Bearer ${pat}` }, "user", "ok"],
      [{ authorization: `bearer ${pat}` }, "user", "ok"],
      [{ authorization: `Bearer ${pat}` }, "server", 403],
      [{ authorization: `Bearer ${pat}` }, "admin", 403],
      [{ authorization: `Bearer ${adminPat}` }, "admin", "ok"],
      [{ authorization: `Bearer ${adminPat}` }, "server", 403],
      [{ authorization: `Basic ${b64(`${key}:`)}` }, "server", "ok"],
      [{ authorization: `Bearer ${key}` }, "admin", "ok"],
      [{ authorization: `Basic ${b64(`${key}:`)}` }, "user", 403],
      [{ authorization: `Basic ${b64(key)}` }, "server", 401],
      [{ authorization: "Basic ***" }, "server", 401],
      [{ authorization: `Basic ${b64(`${key}:password`)}` }, "server", 401],
      [{ authorization: `Basic ${b64("sk_unknown_key:")}` }, "server", 401],
    ];
    for (const [headers, audience, expected] of cases) {
      const r = await authenticateApi(request(headers), audience);
      expect(r.ok ? "ok" : r.status, `${JSON.stringify(headers)} as ${audience}`).toBe(expected);
      if (!r.ok && r.status === 401) expect(r.headers["WWW-Authenticate"]).toMatch(/realm="devicekeeper"/);
    }
    const viaKey = await authenticateApi(request({ authorization: `Basic ${b64(`${key}:`)}` }), "server");
    expect(viaKey.ok && viaKey.actor).toMatchObject({ userId: null, role: "ADMIN", context: { via: "server API key “k”" } });
  });
});

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document describing every REST route", async () => {
    const doc = structuredClone(openApiDocument());
    expect(doc.openapi).toBe("3.1.0");
    const result = await validateOpenApi(doc as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual([
      "/apps",
      "/apps/{appId}",
      "/apps/{appId}/disable",
      "/apps/{appId}/enable",
      "/apps/{appId}/rotate-secret",
      "/devices/{id}/untrust",
      "/mfa/binding",
      "/mfa/push",
      "/push/sns/message",
      "/settings/devices",
      "/settings/devices/{deviceId}",
      "/users/{userId}/devices",
      "/users/{userId}/devices/2fa/binding",
      "/users/{userId}/devices/2fa/binding/{uuid}",
      "/users/{userId}/devices/2fa/oath",
      "/users/{userId}/devices/2fa/push",
      "/users/{userId}/devices/2fa/webauthn",
      "/users/{userId}/devices/2fa/webauthn/{uuid}",
      "/users/{userId}/devices/{deviceId}/invalidate",
      "/webhooks",
      "/webhooks/{webhookId}",
    ]);
  });
});

describe("Flashback's 500", () => {
  it("answers {success:false, error:'Failed to untrust device'} and logs the cause, never sends it", async () => {
    const user = await createUser();
    const { token } = await createApiToken({ actor: actorFor(user), kind: "PERSONAL", name: "p", expiresInDays: 0 });
    const spy = vi.spyOn(untrust, "untrustDevice").mockRejectedValueOnce(new Error("connection reset: secret internals"));
    const log = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    try {
      const res = await runRoute(untrustDeviceRoutes[0]!, request({ authorization: `Bearer ${token}` }, "POST"), {
        id: crypto.randomUUID(),
      });
      expect(res.status).toBe(500);
      expect(JSON.parse(res.body!)).toEqual({ success: false, error: "Failed to untrust device" });
      expect(log).toHaveBeenCalledWith(
        expect.objectContaining({ err: expect.objectContaining({ message: "connection reset: secret internals" }) }),
        "api: route failed",
      );
    } finally {
      spy.mockRestore();
      log.mockRestore();
    }
  });
});
