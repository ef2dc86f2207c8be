import "server-only";
import crypto from "node:crypto";
import { db, rawQuery } from "@/server/db/client";
import { matchesEventPattern } from "@/lib/webhooks";
import { eventsOfTransaction, type OutboxRow } from "@/server/webhooks/webhook-events";

export const FAN_OUT_LOCK = 72707372; // pg_advisory_xact_lock key (see server/maintenance/prune.ts for the others)
const BATCH = 500;

/** A new event's id ("evt_" + 32 hex digits): the body's `id` and the `webhook-id` header. */
export const newEventId = () => `evt_${crypto.randomUUID().replaceAll("-", "")}`;

/** The body receivers get; the id is also the `webhook-id` header. */
export const webhookBody = (id: string, type: string, timestamp: string, data: unknown) => JSON.stringify({ id, type, timestamp, data });

/**
 * Turns outbox rows into deliveries — one per event and enabled endpoint that wants it — and
 * deletes the rows, in one transaction: each event is fanned out exactly once. One instance at a
 * time (an advisory lock); whole transactions at a time, oldest first, so a session's event finds
 * its audit row and per-user order is kept. Answers how many outbox rows it took.
 */
export async function fanOut(now = new Date()): Promise<number> {
  // Most rounds find nothing: one cheap statement instead of a transaction.
  if ((await rawQuery(`SELECT 1 FROM "WebhookOutbox" LIMIT 1`, [])).length === 0) return 0;
  return db.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${FAN_OUT_LOCK}) AS locked`;
    if (!lock?.locked) return 0;
    const rows = await tx.$queryRaw<OutboxRow[]>`
      DELETE FROM "WebhookOutbox"
       WHERE txid IN (SELECT txid FROM "WebhookOutbox" ORDER BY seq LIMIT ${BATCH})
      RETURNING seq, txid, source, "userId"::text, "deviceId"::text, "sessionId"::text, "auditType", "actorId"::text, detail, reason, "occurredAt"`;
    if (rows.length === 0) return 0;
    rows.sort((a, b) => (a.seq < b.seq ? -1 : 1));
    const endpoints = await tx.webhookEndpoint.findMany({ where: { enabled: true }, select: { id: true, events: true } });

    const byTx = new Map<bigint, OutboxRow[]>();
    for (const row of rows) byTx.set(row.txid, [...(byTx.get(row.txid) ?? []), row]);
    const deliveries = [];
    for (const txRows of byTx.values()) {
      for (const event of eventsOfTransaction(txRows)) {
        const wanting = endpoints.filter((e) => e.events.some((p) => matchesEventPattern(p, event.type)));
        if (wanting.length === 0) continue;
        const id = newEventId();
        const payload = webhookBody(id, event.type, event.timestamp, event.data);
        for (const endpoint of wanting)
          deliveries.push({
            endpointId: endpoint.id,
            eventId: id,
            eventType: event.type,
            userId: event.userId,
            payload,
            createdAt: now,
            nextAttemptAt: now,
          });
      }
    }
    // One INSERT: the rows' seq follow the list's order, which is the outbox's.
    if (deliveries.length) await tx.webhookDelivery.createMany({ data: deliveries });
    return rows.length;
  });
}
