// The background worker's rounds: what a wake runs (the task it names, or every task), that a task
// with work left runs again until it has none, and that a wake during a round is not lost.
import { describe, expect, it } from "vitest";
import { startBackgroundWorker, type WorkerTask } from "@/server/jobs/background-worker";

/** A task with `queue` items, doing one per run; it records each run. */
function task(name: string, runs: string[], queue = { left: 0 }): WorkerTask & { queue: { left: number } } {
  return {
    name,
    queue,
    run: async () => {
      runs.push(name);
      await new Promise((r) => setTimeout(r, 5));
      if (queue.left === 0) return 0;
      queue.left--;
      return 1;
    },
  };
}
const settle = () => new Promise((r) => setTimeout(r, 100));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A task that takes up to `batch` items of its queue per run, as the outboxes claim theirs. */
function batchTask(
  name: string,
  runs: string[],
  batch: number,
  queue = { left: 0 },
  gatherMs?: number,
): WorkerTask & { queue: { left: number } } {
  return {
    name,
    queue,
    batch,
    gatherMs,
    run: async () => {
      runs.push(name);
      await sleep(2);
      const took = Math.min(batch, queue.left);
      queue.left -= took;
      return took;
    },
  };
}

describe("the background worker", () => {
  it("a wake naming a task runs that task only, again while it has work, and never the others", async () => {
    const runs: string[] = [];
    const logouts = task("logouts", runs, { left: 3 });
    const worker = startBackgroundWorker({ tasks: [task("mail", runs), task("webhooks", runs), logouts], pollMs: 60_000 });
    worker.wake("logouts");
    await settle();
    // Three to deliver, then one run that finds none.
    expect(runs).toEqual(["logouts", "logouts", "logouts", "logouts"]);
    await worker.stop();
  });

  it("a wake without a name runs every task; each runs again only while it had work", async () => {
    const runs: string[] = [];
    const worker = startBackgroundWorker({ tasks: [task("mail", runs, { left: 1 }), task("webhooks", runs)], pollMs: 60_000 });
    worker.wake();
    await settle();
    expect(runs.filter((r) => r === "mail")).toHaveLength(2);
    expect(runs.filter((r) => r === "webhooks")).toHaveLength(1);
    await worker.stop();
  });

  it("a wake during a round is taken in by it: the woken task runs before the round ends", async () => {
    const runs: string[] = [];
    const logouts = task("logouts", runs);
    const worker = startBackgroundWorker({ tasks: [task("mail", runs, { left: 2 }), logouts], pollMs: 60_000 });
    worker.wake("mail");
    await new Promise((r) => setTimeout(r, 2)); // mid-run
    logouts.queue.left = 1;
    worker.wake("logouts");
    await settle();
    expect(logouts.queue.left).toBe(0);
    expect(runs.filter((r) => r === "logouts")).toHaveLength(2);
    await worker.stop();
  });

  it("a stream of wakes for one task never puts off the poll of the others", async () => {
    const runs: string[] = [];
    const worker = startBackgroundWorker({ tasks: [task("mail", runs), task("logouts", runs)], pollMs: 30 });
    const waking = setInterval(() => worker.wake("logouts"), 10);
    await new Promise((r) => setTimeout(r, 300));
    clearInterval(waking);
    expect(runs.filter((r) => r === "mail").length).toBeGreaterThanOrEqual(3);
    await worker.stop();
  });

  it("a task with a batch runs again only after a full one: a smaller run found nothing more due", async () => {
    const runs: string[] = [];
    const logouts = batchTask("logouts", runs, 3, { left: 7 });
    const worker = startBackgroundWorker({ tasks: [logouts], pollMs: 60_000 });
    worker.wake("logouts");
    await settle();
    // 3, 3, then 1: no fourth run to find the queue empty.
    expect(logouts.queue.left).toBe(0);
    expect(runs).toEqual(["logouts", "logouts", "logouts"]);
    await worker.stop();
  });

  it("a task that gathers runs once for a burst of wakes, when its window after the first wake ends", async () => {
    const runs: string[] = [];
    const logouts = batchTask("logouts", runs, 50, { left: 0 }, 60);
    const worker = startBackgroundWorker({ tasks: [task("mail", runs), logouts], pollMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      logouts.queue.left++;
      worker.wake("logouts");
    }
    expect(runs).toEqual([]); // still gathering
    await sleep(120);
    expect(runs).toEqual(["logouts"]);
    expect(logouts.queue.left).toBe(0);
    // A wake after the run opens a new window.
    logouts.queue.left = 1;
    worker.wake("logouts");
    await sleep(120);
    expect(runs).toEqual(["logouts", "logouts"]);
    await worker.stop();
  });

  it("stopping drops a gathering wake: nothing runs after stop", async () => {
    const runs: string[] = [];
    const worker = startBackgroundWorker({ tasks: [batchTask("logouts", runs, 50, { left: 1 }, 30)], pollMs: 60_000 });
    worker.wake("logouts");
    await worker.stop();
    await sleep(60);
    expect(runs).toEqual([]);
  });

  it("polls every task on its own", async () => {
    const runs: string[] = [];
    const worker = startBackgroundWorker({ tasks: [task("mail", runs), task("webhooks", runs)], pollMs: 20 });
    await settle();
    expect(new Set(runs)).toEqual(new Set(["mail", "webhooks"]));
    await worker.stop();
  });
});
