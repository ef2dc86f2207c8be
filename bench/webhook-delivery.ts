// bench/webhook-delivery: how fast the production server's webhook worker drains a backlog to a
// receiver on loopback that answers 204 at once — one user's events (delivered one at a time, in
// order) and the same number spread over many users (10 in flight) — on PGlite and PostgreSQL.
// No target in the issues; it shows the worker's own cost (claim, sign, POST, record) per event.
// Run: npm run build && npm run bench:webhook-delivery   (EVENTS=2000 USERS=300 ENGINES=pglite,postgres)
import http from "node:http";
import type { AddressInfo } from "node:net";
import { withBenchServer } from "./lib";

const EVENTS = Number(process.env.EVENTS) || 2000;
const USERS = Number(process.env.USERS) || 300;
const ENGINES = (process.env.ENGINES ?? "pglite,postgres").split(",") as ("pglite" | "postgres")[];
const SERVER_KEY = "sk_demo_devicekeeper";

for (const engine of ENGINES) {
  await withBenchServer(engine, async ({ base, db }) => {
    let received = 0;
    const sink = http.createServer((req, res) => void req.resume().on("end", () => (received++, res.writeHead(204).end())));
    await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
    const created = await fetch(`${base}/api/v1/webhooks`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${SERVER_KEY}:`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ url: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/sink`, events: ["*"] }),
    });
    if (created.status !== 201) throw new Error(`creating the endpoint answered ${created.status}`);
    const { id: endpointId } = (await created.json()) as { id: string };
    console.log(`\n== ${engine}: ${EVENTS} events queued at once, receiver answers 204 on loopback`);
    for (const [label, users] of [
      ["one user (in order, one at a time)", 1],
      [`${USERS} users (10 in flight)`, USERS],
    ] as const) {
      const before = received;
      await db.query(
        `INSERT INTO "WebhookDelivery" (id, "endpointId", "eventId", "eventType", "userId", payload, "nextAttemptAt")
         SELECT gen_random_uuid(), $1::uuid, 'evt_bench_' || i, 'webhook.test', u.ids[1 + i % $3], '{}', now() AT TIME ZONE 'UTC'
           FROM generate_series(0, $2 - 1) i, (SELECT array_agg(gen_random_uuid()) AS ids FROM generate_series(1, $3)) u`,
        [endpointId, EVENTS, users],
      );
      const t = performance.now();
      while (received - before < EVENTS) {
        if (performance.now() - t > 300_000) throw new Error(`only ${received - before} of ${EVENTS} delivered in 5 min`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const s = (performance.now() - t) / 1000;
      console.log(`  ${label.padEnd(38)} ${EVENTS} in ${s.toFixed(1)} s = ${(EVENTS / s).toFixed(0)} deliveries/s`);
    }
    const { rows } = await db.query(`SELECT status, count(*)::int AS n FROM "WebhookDelivery" GROUP BY status`);
    console.log(`  deliveries: ${rows.map((r) => `${r.status} ${r.n}`).join(", ")}`);
    sink.close();
  });
}
process.exit(0);
