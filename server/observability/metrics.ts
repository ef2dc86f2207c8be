import "server-only";
import crypto from "node:crypto";
import client from "prom-client";
import { shareMetrics } from "@/server/observability/cluster";

/*
 * Prometheus metrics (prom-client), served by the front door at /metrics behind METRICS_TOKEN.
 * One registry per process: pages, server actions and the front door count into the same metrics
 * (one instance of this module: see docs/architecture.md). Several server processes on one port
 * (SERVER_PROCESSES) are scraped as one, a series per process (server/observability/cluster.ts).
 */

function create() {
  const registry = new client.Registry();
  /** Figures read from the database at scrape time: the same whichever process reads them. */
  const shared = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "devicekeeper_" });
  shareMetrics(registry, shared); // with SERVER_PROCESSES > 1, a scrape of any process answers for all of them
  const registers = [registry];
  return {
    registry,
    shared,
    requests: new client.Counter({
      name: "devicekeeper_http_requests_total",
      help: "HTTP requests answered, by route (a path template) and status.",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    duration: new client.Histogram({
      name: "devicekeeper_http_request_duration_seconds",
      help: "Time to answer an HTTP request, by route and status.",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    sessionChecks: new client.Counter({
      name: "devicekeeper_session_checks_total",
      help: "Session checks (every signed-in request), by result: valid, or why not.",
      labelNames: ["result"] as const,
      registers,
    }),
    revocations: new client.Counter({
      name: "devicekeeper_sessions_revoked_total",
      help: "Sessions ended, by reason (as in the session.revoked webhook event).",
      labelNames: ["reason"] as const,
      registers,
    }),
    signInFailures: new client.Counter({
      name: "devicekeeper_sign_in_failures_total",
      help: "Failed credential checks: wrong password at sign-in or step-up, wrong second factor.",
      labelNames: ["kind"] as const,
      registers,
    }),
    rateLimited: new client.Counter({
      name: "devicekeeper_rate_limit_refusals_total",
      help: "Requests refused by a brute-force limit.",
      labelNames: ["limit"] as const,
      registers,
    }),
    deliveries: new client.Counter({
      name: "devicekeeper_webhook_deliveries_total",
      help: "Webhook delivery attempts, by result.",
      labelNames: ["result"] as const,
      registers,
    }),
    deliveryLatency: new client.Histogram({
      name: "devicekeeper_webhook_delivery_duration_seconds",
      help: "Time a receiver took to answer a webhook delivery.",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

export const metrics = create();

/** A gauge read from the database at scrape time (outbox depth): registered once, by the front door. */
export function registerCollectedGauge(
  name: string,
  help: string,
  labelNames: string[],
  read: () => Promise<Record<string, number>>,
): void {
  if (metrics.shared.getSingleMetric(name)) return;
  new client.Gauge({
    name,
    help,
    labelNames,
    registers: [metrics.shared],
    // Read from the shared database: with several server processes, each reads the same figure.
    aggregator: "first",
    async collect() {
      this.reset();
      for (const [label, value] of Object.entries(await read())) this.set(labelNames.length ? { [labelNames[0]!]: label } : {}, value);
    },
  });
}

export const countRevocations = (reason: string, n = 1) => void (n > 0 && metrics.revocations.inc({ reason: reason.toLowerCase() }, n));
export const countSignInFailure = (kind: "password" | "step_up" | "second_factor" | "api_credential") =>
  metrics.signInFailures.inc({ kind });
export const countRateLimited = (limit: string) => metrics.rateLimited.inc({ limit });
export const countSessionCheck = (result: string) => metrics.sessionChecks.inc({ result });

export function recordDeliveryMetric(result: { ok: boolean; status: number | null; latencyMs: number }): void {
  metrics.deliveries.inc({
    result: result.ok ? "success" : result.status === null ? "network_error" : `http_${Math.floor(result.status / 100)}xx`,
  });
  if (result.status !== null) metrics.deliveryLatency.observe(result.latencyMs / 1000);
}

/**
 * Whether a scrape may read the metrics: only with METRICS_TOKEN set, as "Authorization: Bearer
 * <token>" (compared in constant time). Without the variable, /metrics does not exist.
 */
export function metricsAccess(authorization: string | undefined, env: NodeJS.ProcessEnv = process.env): "ok" | "off" | "denied" {
  const token = env.METRICS_TOKEN;
  if (!token) return "off";
  const given = authorization?.startsWith("Bearer ") ? authorization.slice(7) : "";
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(token).digest();
  return crypto.timingSafeEqual(a, b) ? "ok" : "denied";
}
