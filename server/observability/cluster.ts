import "server-only";
import cluster from "node:cluster";
import client from "prom-client";

/*
 * What the server processes of one machine (WEB_CONCURRENCY > 1, server/boot/supervise.ts) say to
 * each other, through their primary: a scrape of /metrics, which lands on one of them, answers for
 * all of them; and a cache dropped on one is dropped on the others at once. A single process (the
 * default, and every test that does not ask for more) has no primary: each call here is then a
 * no-op or reads this process alone.
 */

const ASK = "devicekeeper:ask-metrics";
const ANSWER = "devicekeeper:metrics";
const SIBLINGS = "devicekeeper:siblings";
const ANSWER_WITHIN_MS = 5_000;

type Message = { type?: unknown; id?: unknown; text?: unknown; error?: unknown; topic?: unknown; payload?: unknown };
const isMessage = (m: unknown): m is Message => typeof m === "object" && m !== null;

const waiting = new Map<number, { resolve: (text: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
const handlers = new Map<string, ((payload: unknown) => void)[]>();
let asked = 0;
let listening = false;

function listenToPrimary(): void {
  if (listening) return;
  listening = true;
  process.on("message", (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.type === ANSWER && typeof m.id === "number") {
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      clearTimeout(w.timer);
      if (typeof m.text === "string") w.resolve(m.text);
      else w.reject(new Error(`metrics of the other server processes: ${String(m.error)}`));
    } else if (m.type === SIBLINGS && typeof m.topic === "string") {
      for (const fn of handlers.get(m.topic) ?? []) fn(m.payload);
    }
  });
}

/**
 * In a worker: the metrics of `registry` are what the primary collects from each process
 * (prom-client's AggregatorRegistry, answering over the IPC channel). Called once, where the
 * registry is made.
 */
export function shareMetrics(registry: client.Registry): void {
  if (!cluster.isWorker) return;
  client.AggregatorRegistry.setRegistries([registry]);
  new client.AggregatorRegistry(); // its constructor installs the worker's answering side
}

/** The text of /metrics: this process's registry, or, in a worker, every server process's summed. */
export function collectMetrics(registry: client.Registry): Promise<string> {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  listenToPrimary();
  return new Promise((resolve, reject) => {
    const id = ++asked;
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error("metrics of the other server processes: the primary did not answer"));
    }, ANSWER_WITHIN_MS);
    waiting.set(id, { resolve, reject, timer });
    process.send!({ type: ASK, id });
  });
}

/** Tells every other server process of this machine (none when this one serves alone). */
export function tellSiblings(topic: string, payload: unknown): void {
  if (cluster.isWorker && process.send && process.connected) process.send({ type: SIBLINGS, topic, payload });
}

/** What to do when another server process of this machine tells `topic`. */
export function onSiblings(topic: string, fn: (payload: unknown) => void): void {
  if (!cluster.isWorker) return;
  listenToPrimary();
  handlers.set(topic, [...(handlers.get(topic) ?? []), fn]);
}

/** The primary's side: answers a worker's scrape with every worker's metrics, and passes siblings' messages on. */
export function relayForWorkers(): void {
  const aggregator = new client.AggregatorRegistry();
  cluster.on("message", (worker, m: unknown) => {
    if (!isMessage(m)) return;
    if (m.type === ASK && typeof m.id === "number") {
      const id = m.id;
      aggregator.clusterMetrics().then(
        (text) => worker.isConnected() && worker.send({ type: ANSWER, id, text }),
        (e: unknown) => worker.isConnected() && worker.send({ type: ANSWER, id, error: e instanceof Error ? e.message : String(e) }),
      );
    } else if (m.type === SIBLINGS) {
      for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker && other.isConnected()) other.send(m);
    }
  });
}
