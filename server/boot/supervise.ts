import "server-only";
import cluster, { type Worker } from "node:cluster";
import { logger } from "@/server/observability/logger";
import { relayForWorkers, SERVER_PROCESS_ENV } from "@/server/observability/cluster";

/** More exits than this per process within a minute, once serving: something is wrong with every start. */
const CRASHES_PER_PROCESS_PER_MINUTE = 3;

/**
 * The primary of `count` server processes on one port (SERVER_PROCESSES, server/boot/processes.ts),
 * after it has applied the migrations: it serves nothing itself. It starts the processes (each runs
 * scripts/serve.ts's worker path: the front door, Next and the background worker, as one instance
 * does), relays what they tell each other (/metrics, server/observability/cluster.ts), replaces a
 * process that dies, and on SIGTERM or SIGINT stops them all — each finishes its requests in flight
 * — and exits 0 once they have.
 *
 * Before the port is first served, a process that exits (a port in use, a bad setting) fails the
 * start: all stop, exit 1, as one process would. After that, one that dies is replaced, and more
 * than three exits per process within a minute stop them all (exit 1): every start fails. Killed
 * with SIGKILL, the primary takes its processes with it (node:cluster's workers exit when their
 * channel to it closes).
 */
export function superviseWorkers({ count, onReady }: { count: number; onReady: () => void }): void {
  relayForWorkers();
  const listened = new WeakSet<Worker>();
  /** Each process's number, 1 to count: a replacement takes the number (and the metrics' label) of the one it replaces. */
  const numbers = new WeakMap<Worker, string>();
  const crashes: number[] = [];
  let ready = false;
  let stopping: { code: number } | null = null;

  const start = (n: string) => numbers.set(cluster.fork({ [SERVER_PROCESS_ENV]: n }), n);
  // A process is gone once it has exited, whether or not its channel has closed yet.
  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  const stopAll = (why: string, code: number) => {
    if (stopping) return;
    stopping = { code };
    logger.info(`${why}: stopping the ${count} server processes`);
    for (const w of alive()) w.process.kill("SIGTERM");
    // Each process cuts its own connections after its grace period; this only guards against one stuck past it.
    const grace = (Number(process.env.SHUTDOWN_GRACE_MS) || 10_000) + 20_000;
    setTimeout(() => alive().forEach((w) => w.process.kill("SIGKILL")), grace).unref();
    if (alive().length === 0) process.exit(code);
  };

  cluster.on("listening", (worker) => {
    listened.add(worker);
    if (!ready && alive().filter((w) => listened.has(w)).length === count) {
      ready = true;
      onReady();
    }
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      // Stopped as asked (exit 0 after its shutdown, or the signal itself before it could handle it); else a failure.
      if (code !== 0 && signal !== "SIGTERM" && signal !== "SIGINT") stopping.code = 1;
      if (alive().length === 0) {
        logger.info("stopped");
        process.exit(stopping.code);
      }
      return;
    }
    const pid = worker.process.pid;
    // Before the port has ever been served, a process that cannot start means the start failed (a port in use, a bad setting).
    if (!ready && !listened.has(worker)) {
      logger.fatal({ workerPid: pid, code, signal }, "a server process exited before it could serve: stopping");
      return stopAll("start failed", 1);
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes[0]! < now - 60_000) crashes.shift();
    if (crashes.length > CRASHES_PER_PROCESS_PER_MINUTE * count) {
      logger.fatal({ workerPid: pid, code, signal }, `server processes exited ${crashes.length} times within a minute: stopping`);
      return stopAll("too many exits", 1);
    }
    logger.error({ workerPid: pid, code, signal }, "a server process exited: starting another in its place");
    start(numbers.get(worker) ?? "0");
  });
  process.on("SIGTERM", () => stopAll("SIGTERM", 0));
  process.on("SIGINT", () => stopAll("SIGINT", 0));
  for (let n = 1; n <= count; n++) start(String(n));
}
