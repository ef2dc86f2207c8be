import "server-only";
import { logger } from "@/server/observability/logger";
import { isDbUnavailable } from "@/server/errors";

export type WorkerHandle = {
  /** Runs a round now rather than at the next poll (a NOTIFY said there is work). */
  wake(): void;
  /** Stops polling and resolves once the round in progress has finished. */
  stop(): Promise<void>;
};

/** One kind of background work: does what is due and answers how much it did (0: nothing left). */
export type WorkerTask = { name: string; run: () => Promise<number> };

/**
 * The background worker of one server process — webhook deliveries and security emails: every
 * `pollMs`, runs each task until none has anything left, then waits. Safe to run on every
 * instance: the tasks claim their rows with FOR UPDATE SKIP LOCKED (server/webhooks/, server/mail/).
 * Never stops on an error: a database outage is logged once and retried on the next round; one
 * task's failure does not hold up the others.
 */
export function startBackgroundWorker({ tasks, pollMs = 1_000 }: { tasks: WorkerTask[]; pollMs?: number }): WorkerHandle {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<void> = Promise.resolve();
  const failing = new Set<string>();

  const runTask = async (task: WorkerTask): Promise<number> => {
    try {
      const done = await task.run();
      if (failing.delete(task.name)) logger.info(`${task.name}: working again`);
      return done;
    } catch (e) {
      if (!failing.has(task.name) || !isDbUnavailable(e)) logger.error({ err: e }, `${task.name}: round failed; retrying`);
      failing.add(task.name);
      return 0;
    }
  };
  let running = false;
  let again = false;
  const runRound = async () => {
    for (let busy = true; busy && !stopped;) {
      again = false;
      const done = await Promise.all(tasks.map(runTask));
      busy = again || done.some((n) => n > 0);
    }
  };
  const start = () => {
    if (timer) clearTimeout(timer);
    running = true;
    round = runRound().finally(() => {
      running = false;
      schedule();
    });
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(start, pollMs);
    timer.unref();
  };
  schedule();
  return {
    wake() {
      if (stopped) return;
      if (running)
        again = true; // the round in progress goes once more
      else start();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round;
    },
  };
}
