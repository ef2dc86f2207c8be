import "server-only";
import type http from "node:http";
import { metrics, metricsAccess, registerCollectedGauge } from "@/server/observability/metrics";
import { collectMetrics } from "@/server/observability/cluster";
import { rawQuery } from "@/server/db/client";
import { logger } from "@/server/observability/logger";
import { labelRoute } from "@/server/http/request-log";

// Read from the database at scrape time: shared by every instance, so any one of them reports it.
registerCollectedGauge(
  "devicekeeper_webhook_outbox_depth",
  "Webhook events waiting: 'outbox' not yet fanned out, 'pending' deliveries not yet delivered.",
  ["queue"],
  async () => {
    // The process's own metrics still go out while the database is away.
    const [row] = await rawQuery<{ outbox: number; pending: number }>(
      `SELECT (SELECT count(*) FROM "WebhookOutbox")::int AS outbox,
              (SELECT count(*) FROM "WebhookDelivery" WHERE status = 'PENDING')::int AS pending`,
      [],
    ).catch(() => []);
    if (!row) return {} as Record<string, number>;
    return { outbox: row.outbox, pending: row.pending };
  },
);

/** GET /metrics in Prometheus' text format, with "Authorization: Bearer $METRICS_TOKEN"; absent (404) without the variable. */
export async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  labelRoute(req, "/metrics"); // whatever the answer: a refused scrape is not a page
  const access = metricsAccess(req.headers.authorization);
  const plain = (status: number, text: string, headers: Record<string, string> = {}): void =>
    void res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers }).end(text);
  if (access === "off") return plain(404, "Not found\n");
  if (access === "denied") return plain(401, "Unauthorized\n", { "WWW-Authenticate": 'Bearer realm="metrics"' });
  if (req.method !== "GET" && req.method !== "HEAD") return plain(405, "Method not allowed\n", { Allow: "GET, HEAD" });
  try {
    const body = await collectMetrics(metrics.registry, metrics.shared);
    res
      .writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" })
      .end(req.method === "HEAD" ? undefined : body);
  } catch (e) {
    logger.error({ err: e }, "metrics: collection failed");
    plain(503, "Metrics are temporarily unavailable\n");
  }
}
