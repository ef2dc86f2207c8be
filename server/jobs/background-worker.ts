import "server-only";
import { logger } from "@/server/observability/logger";
import { isDbUnavailable } from "@/server/errors";

export type WorkerHandle = {
  /**
   * Runs now rather than at the next poll (a NOTIFY said there is work): the named task only (a
   * logout queued says nothing about the mail queue), or every task when none is named.
   */
  wake(task?: string): void;
  /** Stops polling and resolves once the round in progress has finished. */
  stop(): Promise<void>;
};

/**
 * One kind of background work: does what is due and answers how much it did (0: nothing left).
 * `batch` is the most one run takes, when it has such a limit: a run that took fewer found nothing
 * more due, so it is not run again at once (what is queued later wakes it, or the poll finds it).
 * `gatherMs`: a wake runs the task this long after it, not at once, so that what a burst of wakes
 * queued goes in one run (one claim and one record for many, instead of a round each).
 */
export type WorkerTask = { name: string; run: () => Promise<number>; batch?: number; gatherMs?: number };

/**
 * The background worker of one server process — webhook deliveries, security emails, back-channel
 * logouts: every `pollMs` it runs each task, and runs again each task that may have more to do (it
 * did something; with a `batch`, a full one) until it has nothing left, then waits. A wake runs the
 * task it names the same way (after its `gatherMs`, if it gathers). Safe to run on every instance:
 * the tasks claim their rows with FOR UPDATE SKIP LOCKED (server/webhooks/, server/mail/).
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
  /** Tasks woken while a round runs: it takes them in before it ends. */
  const woken = new Set<WorkerTask>();
  const runRound = async (first: WorkerTask[]) => {
    let next = first;
    while (next.length && !stopped) {
      const done = await Promise.all(next.map(runTask));
      const again = new Set([...next.filter((t, i) => done[i]! >= (t.batch ?? 1)), ...woken]);
      woken.clear();
      next = tasks.filter((t) => again.has(t));
    }
  };
  const run = (which: WorkerTask[]) => {
    if (running) return void which.forEach((t) => woken.add(t));
    running = true;
    round = runRound(which).finally(() => {
      running = false;
    });
  };
  // The poll keeps its own time, whatever wakes in between: a stream of logouts (each a wake of
  // that task alone) never puts off the mail and the webhooks, whose only clock it is.
  const poll = () => {
    if (stopped) return;
    run(tasks);
    timer = setTimeout(poll, pollMs);
    timer.unref();
  };
  timer = setTimeout(poll, pollMs);
  timer.unref();
  /** The gathering wakes: a task's timer, running it when its window ends. */
  const gathering = new Map<WorkerTask, NodeJS.Timeout>();
  const wakeOne = (task: WorkerTask) => {
    if (!task.gatherMs) return run([task]);
    if (gathering.has(task)) return;
    const timer = setTimeout(() => {
      gathering.delete(task);
      if (!stopped) run([task]);
    }, task.gatherMs);
    timer.unref();
    gathering.set(task, timer);
  };
  return {
    wake(name) {
      if (stopped) return;
      if (name === undefined) return run(tasks);
      tasks.filter((t) => t.name === name).forEach(wakeOne);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      gathering.forEach((t) => clearTimeout(t));
      await round;
    },
  };
}
