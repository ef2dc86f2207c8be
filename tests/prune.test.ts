// Retention (server/maintenance/prune.ts): old ended sessions, spent challenges, stale counters and
// old audit rows go; live and recent ones stay; one pruner at a time.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { prune, PRUNE_LOCK } from "@/server/maintenance/prune";
import { createUser } from "./factories";

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

describe("prune", () => {
  it("removes only what is past its retention, in batches, and one run at a time", async () => {
    const user = await createUser();
    const device = await db.device.create({ data: { userId: user.id, name: "Phone" } });
    const session = (data: object) =>
      db.session.create({ data: { userId: user.id, deviceId: device.id, expiresAt: new Date(Date.now() + DAY), ...data } });
    const live = await session({});
    const recentlyEnded = await session({ revokedAt: ago(5), revokedReason: "SIGNED_OUT" });
    const oldEnded = await session({ revokedAt: ago(31), revokedReason: "SIGNED_OUT" });
    const oldExpired = await session({ expiresAt: ago(40) });
    await db.mfaChallenge.createMany({
      data: [
        { tokenHash: `spent-${user.id}`, userId: user.id, deviceCookieHash: "x", expiresAt: ago(2), consumedAt: ago(2) },
        { tokenHash: `open-${user.id}`, userId: user.id, deviceCookieHash: "x", expiresAt: new Date(Date.now() + 60_000) },
      ],
    });
    await db.authFailure.createMany({
      data: [
        { accountHash: `old-${user.id}`, ip: "192.0.2.1", createdAt: ago(1) },
        { accountHash: `new-${user.id}`, ip: "192.0.2.1" },
      ],
    });
    // More old audit rows than one batch holds.
    await db.auditEvent.createMany({
      data: Array.from({ length: 1205 }, () => ({ userId: user.id, type: "SIGN_OUT", createdAt: ago(401) })),
    });
    const recentEvent = await db.auditEvent.create({ data: { userId: user.id, type: "SIGN_OUT" } });
    // Webhook deliveries: finished and old go; waiting (however old) and recent stay.
    const hook = await db.webhookEndpoint.create({
      data: { url: "https://93.184.215.14/prune", events: ["*"], enabled: false, secretEnc: "v1.x" },
    });
    const delivery = (status: "PENDING" | "SUCCEEDED" | "FAILED", createdAt: Date) =>
      db.webhookDelivery.create({
        data: { endpointId: hook.id, eventId: `evt_${status}`, eventType: "webhook.test", payload: "{}", status, createdAt },
      });
    const kept = [await delivery("PENDING", ago(40)), await delivery("SUCCEEDED", ago(5))];
    await delivery("SUCCEEDED", ago(31));
    await delivery("FAILED", ago(31));

    // Security emails: finished and old go; waiting ones stay. Email links: used or expired over a day ago go.
    const mail = (status: "PENDING" | "SENT" | "FAILED", createdAt: Date) =>
      db.mailOutbox.create({ data: { userId: user.id, kind: "password-reset", status, createdAt } });
    const mailsKept = [await mail("PENDING", ago(40)), await mail("SENT", ago(5))];
    await mail("SENT", ago(31));
    await mail("FAILED", ago(31));
    const link = (tag: string, data: { expiresAt: Date; usedAt?: Date }) =>
      db.emailLink.create({ data: { tokenHash: `${tag}-${user.id}`, purpose: "PASSWORD_RESET", userId: user.id, ...data } });
    await link("used", { expiresAt: new Date(Date.now() + DAY), usedAt: ago(2) });
    await link("expired", { expiresAt: ago(2) });
    await link("open", { expiresAt: new Date(Date.now() + DAY) });
    await link("just-used", { expiresAt: new Date(Date.now() + DAY), usedAt: new Date() });

    const [first, concurrent] = await Promise.all([prune(), prune()]);
    const result = first.ran ? first : concurrent;
    expect([first.ran, concurrent.ran].sort()).toEqual([false, true]);
    if (!result.ran) throw new Error("no run");
    expect(result.auditEvents).toBeGreaterThanOrEqual(1205);
    expect(result.sessions).toBeGreaterThanOrEqual(2);

    const left = new Set((await db.session.findMany({ where: { userId: user.id }, select: { id: true } })).map((s) => s.id));
    expect([left.has(live.id), left.has(recentlyEnded.id), left.has(oldEnded.id), left.has(oldExpired.id)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect((await db.mfaChallenge.findMany({ where: { userId: user.id } })).map((c) => c.tokenHash)).toEqual([`open-${user.id}`]);
    expect(
      (await db.authFailure.findMany({ where: { accountHash: { in: [`old-${user.id}`, `new-${user.id}`] } } })).map((f) => f.accountHash),
    ).toEqual([`new-${user.id}`]);
    expect(await db.auditEvent.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([{ id: recentEvent.id }]);
    expect(result.webhookDeliveries).toBeGreaterThanOrEqual(2);
    const deliveriesLeft = await db.webhookDelivery.findMany({
      where: { endpointId: hook.id },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    expect(deliveriesLeft.map((d) => d.id)).toEqual(kept.map((d) => d.id));
    expect(result.mails).toBeGreaterThanOrEqual(2);
    expect((await db.mailOutbox.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } })).map((m) => m.id)).toEqual(
      mailsKept.map((m) => m.id),
    );
    expect(result.emailLinks).toBeGreaterThanOrEqual(2);
    expect((await db.emailLink.findMany({ where: { userId: user.id }, orderBy: { tokenHash: "asc" } })).map((l) => l.tokenHash)).toEqual([
      `just-used-${user.id}`,
      `open-${user.id}`,
    ]);
    await db.webhookEndpoint.delete({ where: { id: hook.id } });
  });

  // Another instance (a separate connection holding the lock): this one stands aside. PostgreSQL
  // only — PGlite is one process with one session, guarded in-process as the test above shows.
  it.runIf(!!process.env.DATABASE_URL)("stands aside while another instance prunes", async () => {
    const { default: pg } = await import("pg");
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1)", [PRUNE_LOCK]);
      expect(await prune()).toEqual({ ran: false });
      await other.query("SELECT pg_advisory_unlock($1)", [PRUNE_LOCK]);
      expect((await prune()).ran).toBe(true);
    } finally {
      await other.end();
    }
  });
});
