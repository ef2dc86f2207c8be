// Where an app's back-channel logouts may go: through the webhook address guard, except an app on
// this machine (localhost, 127.0.0.1, [::1]) under `npm run dev` — the example app beside the demo.
// In production loopback needs WEBHOOKS_ALLOW_PRIVATE=1, at registration and at every delivery.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { appUrisProblem, logoutUriScope } from "@/server/oidc/app-uri-policy";
import { deliverLogouts, queueLogout } from "@/server/oidc/logout-outbox";
import { appInputSchema } from "@/lib/validation/apps";
import { updateApp } from "@/server/oidc/save-app";
import { deleteApp } from "@/server/oidc/manage-app";
import { adminActor } from "./oidc-support";

const env = process.env as Record<string, string | undefined>;
const saved = { NODE_ENV: env.NODE_ENV, WEBHOOKS_ALLOW_PRIVATE: env.WEBHOOKS_ALLOW_PRIVATE };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
});

const app = (backchannelLogoutUri: string, redirect = "https://wiki.example.com/callback") =>
  appInputSchema.parse({ name: "Wiki", redirectUris: [redirect], backchannelLogoutUri });

describe("registering a back-channel logout URI", () => {
  it("on loopback: allowed under npm run dev; in production only with WEBHOOKS_ALLOW_PRIVATE=1", async () => {
    const local = app("http://localhost:4000/backchannel-logout", "http://localhost:4000/callback");
    expect(await appUrisProblem(local, { NODE_ENV: "development" })).toBeNull();
    expect(await appUrisProblem(app("http://127.0.0.1:4000/logout"), { NODE_ENV: "development" })).toBeNull();
    expect((await appUrisProblem(app("http://localhost:4000/logout"), { NODE_ENV: "production" }))?.message).toBe("Use an https:// URL");
    expect((await appUrisProblem(app("https://localhost:4000/logout"), { NODE_ENV: "production" }))?.message).toMatch(
      /^localhost resolves to .*, a private or reserved address: only public addresses are allowed unless the server sets WEBHOOKS_ALLOW_PRIVATE=1$/,
    );
    expect(await appUrisProblem(local, { NODE_ENV: "production", WEBHOOKS_ALLOW_PRIVATE: "1" })).toBeNull();
  });

  it("the app form says which of those rules this server follows", () => {
    expect(logoutUriScope({ NODE_ENV: "production" })).toBe("public");
    expect(logoutUriScope({ NODE_ENV: "development" })).toBe("public-or-loopback");
    expect(logoutUriScope({ NODE_ENV: "production", WEBHOOKS_ALLOW_PRIVATE: "1" })).toBe("any");
  });

  it("elsewhere on a private network: refused in development too (the guard stays)", async () => {
    expect((await appUrisProblem(app("http://10.1.2.3/logout"), { NODE_ENV: "development" }))?.message).toMatch(
      /^10\.1\.2\.3 is a private or reserved address: only public addresses are allowed unless the server sets WEBHOOKS_ALLOW_PRIVATE=1$/,
    );
  });
});

describe("delivering a back-channel logout to loopback", () => {
  let received = 0;
  const receiver = http.createServer((req, res) => {
    received++;
    // No keep-alive: each delivery connects (and is checked) anew, as across this test's two modes.
    req.resume().on("end", () => res.writeHead(200, { connection: "close" }).end());
  });
  let clientId: string;
  beforeAll(async () => {
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const url = `http://localhost:${(receiver.address() as AddressInfo).port}/backchannel-logout`;
    clientId = (
      await db.oidcClient.create({
        data: { name: "Local", redirectUris: [], postLogoutRedirectUris: [], scopes: ["openid"], backchannelLogoutUri: url },
      })
    ).id;
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
  const deliver = async () => {
    await queueLogout({ clientId, sub: crypto.randomUUID(), sid: "s" });
    await deliverLogouts();
    return db.logoutDelivery.findFirstOrThrow({ where: { clientId }, orderBy: { createdAt: "desc" } });
  };

  it("reaches an app on this machine in development, without WEBHOOKS_ALLOW_PRIVATE", async () => {
    env.NODE_ENV = "development";
    delete env.WEBHOOKS_ALLOW_PRIVATE;
    expect(await deliver()).toMatchObject({ status: "DELIVERED", responseStatus: 200 });
    expect(received).toBe(1);
  });

  it("is stopped by the address guard in production", async () => {
    env.NODE_ENV = "production";
    delete env.WEBHOOKS_ALLOW_PRIVATE;
    expect(await deliver()).toMatchObject({ status: "PENDING", lastError: expect.stringMatching(/private or reserved address/) });
    expect(received).toBe(1);
  });

  it("records each logout of a batch as it went: delivered, to retry, given up", async () => {
    env.NODE_ENV = "development";
    const refusing = http.createServer((req, res) => req.resume().on("end", () => res.writeHead(503, { connection: "close" }).end()));
    await new Promise<void>((r) => refusing.listen(0, "127.0.0.1", r));
    try {
      const make = (name: string, url: string) =>
        db.oidcClient.create({
          data: { name, redirectUris: [], postLogoutRedirectUris: [], scopes: ["openid"], backchannelLogoutUri: url },
        });
      const down = await make("Down", `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/logout`);
      const gone = await make("Gone", "http://127.0.0.1:9/logout");
      for (const id of [clientId, down.id, gone.id]) await queueLogout({ clientId: id, sub: crypto.randomUUID(), sid: "s" });
      // An administrator removes its URI: what was waiting is cancelled.
      await updateApp({ actor: adminActor(), appId: gone.id, app: { backchannelLogoutUri: null } });
      const before = received;
      const started = Date.now();
      expect(await deliverLogouts()).toBe(3);
      expect(received).toBe(before + 1);
      const latest = (id: string) => db.logoutDelivery.findFirstOrThrow({ where: { clientId: id }, orderBy: { createdAt: "desc" } });
      const delivered = await latest(clientId);
      expect(delivered).toMatchObject({ status: "DELIVERED", responseStatus: 200, lastError: null, lockedUntil: null });
      expect(delivered.deliveredAt!.getTime()).toBeGreaterThanOrEqual(started - 1);
      expect(delivered.lastAttemptAt).toEqual(delivered.deliveredAt);
      const retry = await latest(down.id);
      expect(retry).toMatchObject({
        status: "PENDING",
        responseStatus: 503,
        lastError: "HTTP 503",
        deliveredAt: null,
        lockedUntil: null,
        attempts: 1,
      });
      expect(retry.nextAttemptAt.getTime()).toBeGreaterThan(started);
      expect(await latest(gone.id)).toMatchObject({
        status: "FAILED",
        responseStatus: null,
        lastError: "The app no longer has a back-channel logout URI.",
      });
      // Nothing left due now: the one to retry waits for its time.
      expect(await deliverLogouts()).toBe(0);
    } finally {
      await new Promise<void>((r) => refusing.close(() => r()));
    }
  });

  it("a deleted app's logouts still waiting go to its URI as it was when deleted, not one it had left", async () => {
    env.NODE_ENV = "development"; // loopback URIs are allowed
    const make = (url: string) =>
      db.oidcClient.create({
        data: { name: "Moving", redirectUris: [], postLogoutRedirectUris: [], scopes: ["openid"], backchannelLogoutUri: url },
      });
    const moved = await make("http://127.0.0.1:9/old-logout");
    await queueLogout({ clientId: moved.id, sub: crypto.randomUUID(), sid: "s" }); // queued under the old URI, not sent yet
    await updateApp({ actor: adminActor(), appId: moved.id, app: { backchannelLogoutUri: "http://127.0.0.1:9/new-logout" } });
    await deleteApp({ actor: adminActor(), appId: moved.id });
    expect(await db.logoutDelivery.findMany({ where: { clientId: moved.id }, select: { uri: true, status: true } })).toEqual([
      { uri: "http://127.0.0.1:9/new-logout", status: "PENDING" },
    ]);
    // Its URI removed before the deletion: nothing waiting is sent anywhere.
    const dropped = await make("http://127.0.0.1:9/dropped-logout");
    await queueLogout({ clientId: dropped.id, sub: crypto.randomUUID(), sid: "s" });
    await updateApp({ actor: adminActor(), appId: dropped.id, app: { backchannelLogoutUri: null } });
    await deleteApp({ actor: adminActor(), appId: dropped.id });
    expect(await db.logoutDelivery.findMany({ where: { clientId: dropped.id }, select: { uri: true } })).toEqual([{ uri: null }]);
    // Not sent by the next tests' runs of the worker.
    await db.logoutDelivery.deleteMany({ where: { clientId: { in: [moved.id, dropped.id] } } });
  });

  it("a delivery that outlived its lease does not overwrite what the instance that claimed it since records", async () => {
    env.NODE_ENV = "development";
    // While this delivery is under way, its lease runs out and another instance claims the row.
    let retaken: Date | null = null;
    const slow = http.createServer((req, res) =>
      req.resume().on("end", async () => {
        retaken = new Date(Date.now() + 60_000);
        await db.logoutDelivery.updateMany({ where: { clientId: slowApp }, data: { lockedUntil: retaken, attempts: { increment: 1 } } });
        res.writeHead(200, { connection: "close" }).end();
      }),
    );
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    const slowApp = (
      await db.oidcClient.create({
        data: {
          name: "Slow",
          redirectUris: [],
          postLogoutRedirectUris: [],
          scopes: ["openid"],
          backchannelLogoutUri: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/logout`,
        },
      })
    ).id;
    try {
      await queueLogout({ clientId: slowApp, sub: crypto.randomUUID(), sid: "s" });
      expect(await deliverLogouts()).toBe(1);
      const row = await db.logoutDelivery.findFirstOrThrow({ where: { clientId: slowApp } });
      // Still the other instance's: pending under its lease, for it to record.
      expect(row).toMatchObject({ status: "PENDING", lockedUntil: retaken, attempts: 2, lastAttemptAt: null });
    } finally {
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });
});
