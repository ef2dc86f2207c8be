import "server-only";
import cluster from "node:cluster";
import os from "node:os";
import { ConfigError } from "@/server/config";

export type ProcessCount = {
  /** How many server processes serve the port: 1 is the process itself, more are its workers. */
  count: number;
  /** Why a SERVER_PROCESSES above 1 is not followed (logged as a warning). */
  ignored?: string;
  /** What one process on a machine of several CPUs could gain (logged once, at start). */
  hint?: string;
};

const MAX = 64;

/**
 * How many processes `npm start` serves its port with: `SERVER_PROCESSES`, a whole number or
 * `auto` (one per CPU this process may use). Not WEB_CONCURRENCY: platforms set that one from the
 * machine's memory for apps of their own idea of a process's size, and each of ours holds its own
 * pool of connections. Unset: one. Node runs a process's JavaScript on one core, so on PostgreSQL
 * more processes put the other cores to work; they share the port (node:cluster) and everything
 * else through the database, as separate instances do. The embedded database serves one process,
 * and `npm run dev` is one process, so there the variable is ignored, with the reason.
 */
export function processCount({
  env = process.env,
  dev,
  engine,
  cpus = os.availableParallelism(),
  startedByAnotherCluster = cluster.isWorker,
}: {
  env?: NodeJS.ProcessEnv;
  dev: boolean;
  engine: "pglite" | "postgres";
  cpus?: number;
  /** A worker of someone else's node:cluster (PM2's cluster mode): it cannot start processes of its own. */
  startedByAnotherCluster?: boolean;
}): ProcessCount {
  const raw = env.SERVER_PROCESSES?.trim() ?? "";
  if (raw === "")
    return {
      count: 1,
      hint:
        engine === "postgres" && !dev && cpus > 1
          ? `Serving with one process on a machine with ${cpus} CPUs: SERVER_PROCESSES=auto serves with one per CPU (docs/deploying.md).`
          : undefined,
    };
  const wanted = raw === "auto" ? Math.min(cpus, MAX) : /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX)
    throw new ConfigError(`SERVER_PROCESSES must be a whole number from 1 to ${MAX}, or auto (one process per CPU); it is "${raw}".`);
  if (wanted === 1) return { count: 1 };
  if (startedByAnotherCluster)
    return {
      count: 1,
      ignored: `SERVER_PROCESSES=${raw} is ignored: this process is one of another cluster's (PM2's cluster mode?), which decides how many run.`,
    };
  if (dev) return { count: 1, ignored: `SERVER_PROCESSES=${raw} is ignored: npm run dev serves one process.` };
  if (engine === "pglite")
    return {
      count: 1,
      ignored: `SERVER_PROCESSES=${raw} is ignored: the embedded database serves one process. Use PostgreSQL (DATABASE_URL) for several.`,
    };
  return { count: wanted };
}
