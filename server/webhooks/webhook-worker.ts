import "server-only";
import { logger } from "@/server/observability/logger";
import { isDbUnavailable } from "@/server/errors";
import { fanOut } from "@/server/webhooks/fan-out";
import { deliverDue, type DeliverOptions } from "@/server/webhooks/deliver-webhooks";

export type WorkerHandle = {
  /** Stops polling and resolves once the round in progress (its fan-out and deliveries) has finished. */
  stop(): Promise<void>;
};

/**
 * The webhook worker of one server process: every `pollMs`, fans the outbox out into deliveries
 * and sends what is due, until there is nothing left, then waits. Safe to run on every instance:
 * the fan-out is one instance at a time and each delivery is claimed by one (server/webhooks/).
 * Never stops on an error: a database outage is logged once and retried on the next round.
 */
export function startWebhookWorker({ pollMs = 1_000, ...deliver }: DeliverOptions & { pollMs?: number } = {}): WorkerHandle {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<void> = Promise.resolve();
  let failing = false;

  const runRound = async () => {
    try {
      for (let busy = true; busy && !stopped;) {
        const fanned = await fanOut();
        const sent = await deliverDue(deliver);
        busy = fanned > 0 || sent > 0;
      }
      if (failing) logger.info("webhook worker: the database is back");
      failing = false;
    } catch (e) {
      if (!failing || !isDbUnavailable(e)) logger.error({ err: e }, "webhook worker: round failed; retrying");
      failing = true;
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      round = runRound().finally(schedule);
    }, pollMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round;
    },
  };
}
